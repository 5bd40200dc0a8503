package dev.chorus.log.internal;

import dev.chorus.log.PositionRange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads every frame of a segment, checking checksums and the continuity of positions, and classifies
 * the first damage: a torn tail when no valid frame follows it, corruption otherwise. Zeros from the first
 * bad frame to the end of the file are no damage: they were written ahead of the appends ({@link Runway}) and
 * the log goes on over them.
 */
public final class SegmentScan {

    /** Called for each valid frame, in order. */
    public interface FrameVisitor {
        void frame(long offset, FrameCodec.Head head, SegmentReader reader);
    }

    /**
     * @param validEnd      byte offset just past the last valid frame before any damage
     * @param endPosition   position after the last valid event before any damage
     * @param records       valid frames before any damage
     * @param damage        the first damage, if any
     * @param tornTail      true when no valid frame follows the damage
     * @param validAfter    events in valid frames found after the damage
     */
    public record Result(long validEnd, long endPosition, long records, Optional<FrameDamage> damage,
                         boolean tornTail, List<PositionRange> validAfter) {}

    private SegmentScan() {}

    public static Result scan(FileChannel channel, long firstPosition, FrameVisitor visitor) {
        long size = size(channel);
        var reader = new SegmentReader(channel, 0, size);
        long expected = firstPosition;
        long records = 0;
        try {
            while (reader.next()) {
                var head = reader.head();
                if (head.firstPosition() != expected) {
                    throw new FrameDamage(reader.frameOffset(), "position discontinuity: record starts at position "
                            + head.firstPosition() + ", expected " + expected);
                }
                visitor.frame(reader.frameOffset(), head, reader);
                expected = head.endPosition();
                records++;
            }
            return new Result(size, expected, records, Optional.empty(), false, List.of());
        } catch (FrameDamage damage) {
            if (zerosFrom(channel, damage.offset(), size)) {
                // the unwritten rest of a preallocated segment: where the log goes on, not damage
                return new Result(damage.offset(), expected, records, Optional.empty(), false, List.of());
            }
            var after = validFramesAfter(channel, damage.offset() + 1, size);
            return new Result(damage.offset(), expected, records, Optional.of(damage), after.isEmpty(), after);
        }
    }

    /** True when every byte from {@code from} to {@code size} is zero (a preallocated file's unwritten rest). */
    public static boolean zerosFrom(FileChannel channel, long from, long size) {
        return dataEnd(channel, from, size) == from;
    }

    /**
     * Where the bytes that are not zero end, from {@code from} on: the end of what a torn tail or damage holds, in a
     * file that may go on in zeros (an active segment is sized to a whole segment up front). {@code from} when there
     * is none.
     */
    public static long dataEnd(FileChannel channel, long from, long size) {
        byte[] window = new byte[64 << 10];
        long end = from;
        long at = from;
        while (at < size) {
            int n = read(channel, window, at, (int) Math.min(window.length, size - at));
            if (n == 0) {
                break;
            }
            for (int i = n - 1; i >= 0; i--) {
                if (window[i] != 0) {
                    end = at + i + 1;
                    break;
                }
            }
            at += n;
        }
        return end;
    }

    /** Looks for valid frames anywhere after {@code from}: the difference between a torn tail and corruption. */
    public static List<PositionRange> validFramesAfter(FileChannel channel, long from, long size) {
        var found = new ArrayList<PositionRange>();
        long at = from;
        byte[] window = new byte[64 << 10];
        while (at + FrameCodec.HEADER <= size) {
            int n = read(channel, window, at, (int) Math.min(window.length, size - at));
            long candidate = -1;
            for (int i = 0; i + 4 <= n; i++) {
                if (FrameCodec.readInt(window, i) == FrameCodec.MAGIC) {
                    candidate = at + i;
                    break;
                }
            }
            if (candidate < 0) {
                at += Math.max(1, n - 3);
                continue;
            }
            var reader = new SegmentReader(channel, candidate, size);
            try {
                if (reader.next()) {
                    var head = reader.head();
                    add(found, new PositionRange(head.firstPosition(), head.endPosition() - 1));
                    at = reader.nextOffset();
                    continue;
                }
            } catch (FrameDamage | UncheckedIOException ignored) {
                // not a frame after all: keep looking one byte further
            }
            at = candidate + 1;
        }
        return found;
    }

    private static void add(List<PositionRange> ranges, PositionRange range) {
        if (!ranges.isEmpty() && ranges.getLast().to() + 1 == range.from()) {
            ranges.set(ranges.size() - 1, new PositionRange(ranges.getLast().from(), range.to()));
        } else {
            ranges.add(range);
        }
    }

    private static int read(FileChannel channel, byte[] into, long at, int length) {
        var buffer = ByteBuffer.wrap(into, 0, length);
        try {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, at + buffer.position()) < 0) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.position();
    }

    static long size(FileChannel channel) {
        try {
            return channel.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
