package dev.chorus.log.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.jspecify.annotations.Nullable;

/**
 * Reads the frames of one segment in order, from a byte offset up to an end offset, checking each
 * frame's magic, length and CRC32C. Reads in large chunks; one frame at a time is exposed.
 */
public final class SegmentReader {
    public static final int CHUNK = 64 << 10;
    /** No payload is larger than the largest append allows, with room for framing. */
    public static final int MAX_PAYLOAD = 256 << 20;

    private final FileChannel channel;
    /** The segment whose mapping holds the bytes, when the reader has one: the channel is the fallback. */
    private final @Nullable Segment segment;
    private final long end;
    private byte[] buffer;
    private long bufferStart;
    private int bufferLength;
    private long next;
    private long frameOffset;
    private int payloadOffset;
    private int payloadLength;

    public SegmentReader(FileChannel channel, long start, long end) {
        this(channel, start, end, CHUNK);
    }

    public SegmentReader(FileChannel channel, long start, long end, int chunk) {
        this(channel, null, start, end, buffer(start, end, chunk));
    }

    /** Reads into {@code buffer} (whatever it holds is overwritten), growing it only for a frame larger than it. */
    public SegmentReader(FileChannel channel, long start, long end, byte[] buffer) {
        this(channel, null, start, end, buffer);
    }

    /** Reads an open log's segment: from its mapping where it holds the bytes. */
    public SegmentReader(Segment segment, long start, long end, int chunk) {
        this(segment.channel(), segment, start, end, buffer(start, end, chunk));
    }

    /** As {@link #SegmentReader(Segment, long, long, int)}, into {@code buffer}. */
    public SegmentReader(Segment segment, long start, long end, byte[] buffer) {
        this(segment.channel(), segment, start, end, buffer);
    }

    private SegmentReader(FileChannel channel, @Nullable Segment segment, long start, long end, byte[] buffer) {
        this.channel = channel;
        this.segment = segment;
        this.end = end;
        this.next = start;
        this.bufferStart = start;
        this.buffer = buffer;
    }

    /** Moves to the next frame; false at the end offset. */
    public boolean next() throws FrameDamage {
        if (next >= end) {
            return false;
        }
        frameOffset = next;
        if (end - next < FrameCodec.HEADER) {
            throw new FrameDamage(next, "truncated frame header: " + (end - next) + " bytes left in the segment");
        }
        ensure(next, FrameCodec.HEADER);
        int at = (int) (next - bufferStart);
        int magic = FrameCodec.readInt(buffer, at);
        if (magic != FrameCodec.MAGIC) {
            throw new FrameDamage(next, String.format("bad frame magic 0x%08x", magic));
        }
        int length = FrameCodec.readInt(buffer, at + 4);
        if (length < FrameCodec.MIN_PAYLOAD || length > MAX_PAYLOAD) {
            throw new FrameDamage(next, "implausible frame length " + length);
        }
        if (end - next - FrameCodec.HEADER < length) {
            throw new FrameDamage(next, "truncated frame: needs " + length + " payload bytes, the segment has "
                    + (end - next - FrameCodec.HEADER));
        }
        int crc = FrameCodec.readInt(buffer, at + 8);
        ensure(next, FrameCodec.HEADER + length);
        at = (int) (next - bufferStart);
        if (FrameCodec.crc(buffer, at + FrameCodec.HEADER, length) != crc) {
            throw new FrameDamage(next, "CRC32C mismatch over " + length + " payload bytes");
        }
        payloadOffset = at + FrameCodec.HEADER;
        payloadLength = length;
        next += FrameCodec.HEADER + length;
        return true;
    }

    public long frameOffset() {
        return frameOffset;
    }

    /** The byte offset just past the current frame. */
    public long nextOffset() {
        return next;
    }

    public byte[] buffer() {
        return buffer;
    }

    public int payloadOffset() {
        return payloadOffset;
    }

    public int payloadLength() {
        return payloadLength;
    }

    /** The current frame's first position, read in place (no stream id decoded): what paging through all needs. */
    public long firstPosition() {
        return FrameCodec.readLong(buffer, payloadOffset);
    }

    /** The position just past the current frame's last event, read in place. */
    public long endPosition() throws FrameDamage {
        int count = FrameCodec.readInt(buffer, payloadOffset + 16);
        if (count <= 0) {
            throw new FrameDamage(frameOffset, "undecodable record: implausible event count " + count);
        }
        return firstPosition() + count;
    }

    public FrameCodec.Head head() throws FrameDamage {
        try {
            return FrameCodec.decodeHead(buffer, payloadOffset, payloadLength);
        } catch (IllegalArgumentException e) {
            throw new FrameDamage(frameOffset, "undecodable record: " + e.getMessage());
        }
    }

    private static byte[] buffer(long start, long end, int chunk) {
        return new byte[(int) Math.max(64, Math.min(chunk, end - start))];
    }

    private void ensure(long offset, int length) {
        if (offset >= bufferStart && offset + length <= bufferStart + bufferLength) {
            return;
        }
        if (length > buffer.length) {
            buffer = new byte[Math.max(length, buffer.length * 2)];
        }
        int want = (int) Math.min(buffer.length, end - offset);
        want = Math.max(want, length);
        if (segment != null && segment.copyMapped(offset, buffer, want)) {
            bufferStart = offset;
            bufferLength = want;
            return;
        }
        var target = ByteBuffer.wrap(buffer, 0, want);
        try {
            long at = offset;
            while (target.hasRemaining()) {
                int n = channel.read(target, at);
                if (n < 0) {
                    break;
                }
                at += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bufferStart = offset;
        bufferLength = target.position();
        if (bufferLength < length) {
            throw new UncheckedIOException(new IOException("segment shorter than expected at offset " + offset));
        }
    }
}
