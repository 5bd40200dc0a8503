package dev.chorus.bench.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What the disk can do when nothing but the disk is in the way: the ceiling a durable log is held to.
 * Appends to a new file (as a log does, so block allocation is paid the same way) and forces the data
 * after every chunk, so each chunk is durable before the next, like a group commit of that size.
 */
final class DiskLimit {
    static final int[] CHUNK_SIZES = {1 << 20, 256 << 10};
    /** About one framed 200-byte event: what one single-writer append asks of the disk. */
    static final int SMALL_SYNC_BYTES = 512;

    /** One chunk size's run: {@code bytes} written and forced in {@code nanos}. */
    record ChunkRun(int chunkBytes, long bytes, long nanos) {
        double bytesPerSecond() {
            return bytes * 1e9 / nanos;
        }
    }

    /**
     * @param before         one run per chunk size, measured before the log's throughput phase
     * @param after          the same, measured after it: the disk of a shared machine drifts, and the limit
     *                       must hold over the time the log was measured
     * @param smallSyncNanos sorted latencies of single small appends, each forced: the least one synced
     *                       acknowledgement can cost
     */
    record Result(List<ChunkRun> before, List<ChunkRun> after, long[] smallSyncNanos) {
        /** The fastest run of all: the disk's limit. Best rather than mean, so noise cannot flatter a ratio. */
        ChunkRun best() {
            return java.util.stream.Stream.concat(before.stream(), after.stream())
                    .max(Comparator.comparingDouble(ChunkRun::bytesPerSecond)).orElseThrow();
        }

        static double bestOf(List<ChunkRun> runs) {
            return runs.stream().mapToDouble(ChunkRun::bytesPerSecond).max().orElse(0);
        }

        double smallSyncPercentileMs(double p) {
            return Percentiles.of(smallSyncNanos, p) / 1e6;
        }
    }

    private DiskLimit() {}

    /** Sorted latencies of single small appends to a file, each forced before the next, as a lone writer's. */
    static long[] smallSyncs(Path dir) throws IOException {
        return smallSyncs(dir.resolve("disk-limit-sync.bin"), 500, Duration.ofSeconds(3));
    }

    /**
     * One run of large forced writes per chunk size, into new files in {@code dir} that are left for the
     * caller to delete once nothing is being measured: deleting gigabytes makes the file system discard
     * and journal, which would slow whatever is measured right after.
     */
    static List<ChunkRun> round(Path dir, long bytesPerChunkSize, Duration timeCapPerChunkSize) throws IOException {
        Files.createDirectories(dir);
        var runs = new ArrayList<ChunkRun>();
        for (int chunk : CHUNK_SIZES) {
            runs.add(sequential(dir.resolve("disk-limit-" + (chunk >> 10) + "k.bin"), chunk, bytesPerChunkSize,
                    timeCapPerChunkSize));
        }
        return List.copyOf(runs);
    }

    private static ChunkRun sequential(Path file, int chunk, long total, Duration cap) throws IOException {
        ByteBuffer buffer = filledDirect(chunk);
        long written = 0;
        long start;
        long elapsed;
        try (var channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            start = System.nanoTime();
            long deadline = start + cap.toNanos();
            do {
                buffer.clear();
                while (buffer.hasRemaining()) {
                    written += channel.write(buffer);
                }
                channel.force(false);
            } while (written < total && System.nanoTime() < deadline);
            elapsed = System.nanoTime() - start;
        }
        return new ChunkRun(chunk, written, elapsed);
    }

    private static long[] smallSyncs(Path file, int count, Duration cap) throws IOException {
        ByteBuffer buffer = filledDirect(SMALL_SYNC_BYTES);
        long[] nanos = new long[count];
        int done = 0;
        try (var channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long deadline = System.nanoTime() + cap.toNanos();
            while (done < count && System.nanoTime() < deadline) {
                buffer.clear();
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
        long[] measured = java.util.Arrays.copyOf(nanos, done);
        java.util.Arrays.sort(measured);
        return measured;
    }

    private static ByteBuffer filledDirect(int size) {
        // Random rather than zero bytes, so nothing along the way can shortcut them.
        var bytes = new byte[size];
        new SplittableRandom(42).nextBytes(bytes);
        return ByteBuffer.allocateDirect(size).put(bytes).flip();
    }
}
