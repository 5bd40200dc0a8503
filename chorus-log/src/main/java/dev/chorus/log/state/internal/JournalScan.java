package dev.chorus.log.state.internal;

import dev.chorus.core.state.StateWrite;
import dev.chorus.log.internal.SegmentScan;
import dev.chorus.log.state.StateStoreCorrupted;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * Replays a journal frame by frame. A frame that fails its checks is a torn tail when no valid frame of this
 * journal follows it (what a crash mid-write leaves), and damage otherwise; zeros from there to the end of the file
 * are neither: they were written ahead of the frames ({@link Journal}), and the journal goes on there.
 */
public final class JournalScan {
    /** Where replay stopped: the end of the last valid frame, and what was wrong after it, if anything. */
    public record Result(long validEnd, long commits, Optional<Bad> bad) {}

    /** A frame that failed its checks; {@code tornTail} when nothing valid follows it. */
    public record Bad(long offset, String reason, boolean tornTail) {}

    private JournalScan() {}

    /**
     * Hands every commit of every valid frame to {@code apply}, in order; a frame's commits only once the whole
     * frame has passed its checks. A bad header is damage: the header is synced before the journal has a name.
     */
    public static Result replay(Path file, long generation, Consumer<List<StateWrite>> apply) {
        try (var channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            var header = ByteBuffer.allocate(Journal.HEADER);
            if (size < Journal.HEADER || !readFully(channel, header, 0)) {
                throw new StateStoreCorrupted(file, 0, "the journal header is incomplete (" + size + " bytes)");
            }
            header.flip();
            if (header.getInt() != Journal.FILE_MAGIC || header.getInt() != Journal.FORMAT
                    || header.getLong() != generation) {
                throw new StateStoreCorrupted(file, 0, "not a journal of generation " + generation + " in format "
                        + Journal.FORMAT);
            }
            long offset = Journal.HEADER;
            long commits = 0;
            var frameHeader = ByteBuffer.allocate(Journal.FRAME_HEADER);
            while (offset < size) {
                String reason = null;
                ByteBuffer payload = null;
                frameHeader.clear();
                if (size - offset < Journal.FRAME_HEADER) {
                    reason = "an incomplete frame header";
                } else {
                    readFully(channel, frameHeader, offset);
                    frameHeader.flip();
                    int magic = frameHeader.getInt();
                    int length = frameHeader.getInt();
                    int crc = frameHeader.getInt();
                    if (magic != Journal.FRAME_MAGIC) {
                        reason = "no frame magic";
                    } else if (length < Journal.PAYLOAD_PREFIX || length > Journal.MAX_PAYLOAD) {
                        reason = "a frame length of " + length;
                    } else if (length > size - offset - Journal.FRAME_HEADER) {
                        reason = "a frame of " + length + " bytes that the file ends inside";
                    } else {
                        payload = ByteBuffer.allocate(length);
                        readFully(channel, payload, offset + Journal.FRAME_HEADER);
                        payload.flip();
                        var check = new CRC32C();
                        check.update(payload.duplicate());
                        if ((int) check.getValue() != crc) {
                            reason = "a CRC32C mismatch";
                        } else if (payload.getLong() != generation) {
                            reason = "a frame of another generation";
                        }
                    }
                }
                if (reason != null && SegmentScan.zerosFrom(channel, offset, size)) {
                    return new Result(offset, commits, Optional.empty());
                }
                if (reason != null) {
                    boolean torn = !anyValidFrameAfter(channel, offset, size, generation);
                    return new Result(offset, commits, Optional.of(new Bad(offset, reason, torn)));
                }
                List<List<StateWrite>> frame = decode(file, offset, payload);
                frame.forEach(apply);
                commits += frame.size();
                offset += Journal.FRAME_HEADER + payload.capacity();
            }
            return new Result(offset, commits, Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** A frame whose CRC passed but whose commits do not parse was written wrong: damage, never a torn tail. */
    private static List<List<StateWrite>> decode(Path file, long offset, ByteBuffer payload) {
        try {
            int count = payload.getInt();
            if (count < 0) {
                throw new IllegalArgumentException("a commit count of " + count);
            }
            var commits = new ArrayList<List<StateWrite>>();
            for (int i = 0; i < count; i++) {
                commits.add(Commits.decode(payload));
            }
            if (payload.hasRemaining()) {
                throw new IllegalArgumentException(payload.remaining() + " bytes after the last commit");
            }
            return commits;
        } catch (IllegalArgumentException | java.nio.BufferUnderflowException e) {
            throw new StateStoreCorrupted(file, offset, "a frame that passed its CRC32C holds " + e.getMessage());
        }
    }

    private static boolean anyValidFrameAfter(FileChannel channel, long bad, long size, long generation)
            throws IOException {
        long from = bad + 1;
        if (size - from < Journal.FRAME_HEADER + Journal.PAYLOAD_PREFIX) {
            return false;
        }
        var tail = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 16, size - from));
        readFully(channel, tail, from);
        tail.flip();
        for (int at = 0; at + Journal.FRAME_HEADER + Journal.PAYLOAD_PREFIX <= tail.limit(); at++) {
            if (tail.getInt(at) != Journal.FRAME_MAGIC) {
                continue;
            }
            int length = tail.getInt(at + 4);
            if (length < Journal.PAYLOAD_PREFIX || length > tail.limit() - at - Journal.FRAME_HEADER) {
                continue;
            }
            var payload = tail.slice(at + Journal.FRAME_HEADER, length);
            var crc = new CRC32C();
            crc.update(payload.duplicate());
            if ((int) crc.getValue() == tail.getInt(at + 8) && payload.getLong(0) == generation) {
                return true;
            }
        }
        return false;
    }

    private static boolean readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int n = channel.read(into, at);
            if (n < 0) {
                throw new EOFException("at " + at);
            }
            at += n;
        }
        return true;
    }
}
