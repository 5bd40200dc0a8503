package dev.chorus.bench.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;

/**
 * The disk's own price of one acknowledgement: a small append to a file in the benchmark's directory, forced
 * before the next. N clients that each wait for their fsync'd result can do at most N commands per fsync.
 */
final class FsyncProbe {
    /** About one framed command event. */
    static final int BYTES = 256;

    /** @param sortedNanos each forced append's latency, ascending */
    record Result(long[] sortedNanos) {
        double percentileMs(double p) {
            return Percentiles.of(sortedNanos, p) / 1e6;
        }

        int count() {
            return sortedNanos.length;
        }
    }

    private FsyncProbe() {}

    static Result measure(Path dir, int count, Duration cap) throws IOException {
        Path file = dir.resolve("fsync-probe.bin");
        var buffer = ByteBuffer.allocateDirect(BYTES);
        long[] nanos = new long[count];
        int done = 0;
        try (var channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long deadline = System.nanoTime() + cap.toNanos();
            while (done < count && System.nanoTime() < deadline) {
                buffer.clear();
                buffer.putLong(0, done);
                long t0 = System.nanoTime();
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(false);
                nanos[done++] = System.nanoTime() - t0;
            }
        } finally {
            Files.deleteIfExists(file);
        }
        long[] measured = Arrays.copyOf(nanos, done);
        Arrays.sort(measured);
        return new Result(measured);
    }
}
