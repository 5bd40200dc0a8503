package dev.chorus.bench.internal;

import dev.chorus.core.NewEvent;
import dev.chorus.log.FsyncPolicy;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench log}: the embedded log against the disk it writes to, measured in one run and one
 * directory, so that the ratio holds on any machine however noisy its absolute figures are.
 */
public final class LogBenchmark {
    private LogBenchmark() {}

    public static int run(List<String> args, PrintStream out) {
        return BenchRun.run("log", args, out, LogBenchOptions.wantsHelp(args), LogBenchOptions.USAGE, LogBenchOptions::parse,
                LogBenchOptions::json, LogBenchmark::measure);
    }

    private static LogBenchReport measure(LogBenchOptions options, PrintStream out)
            throws IOException, InterruptedException {
        Path parent = options.dir().orElseGet(LogBenchmark::defaultParent);
        boolean createdParent = !Files.exists(parent);
        Files.createDirectories(parent);
        Path work = Files.createTempDirectory(parent, "chorus-bench-log-");
        try {
            String filesystem = describe(work);
            double loadBefore = loadAverage();
            NewEvent event = BenchEvents.of(options.eventBytes());
            // Latencies first, the disk's and the log's, side by side on a quiet disk: not right after
            // gigabytes were forced and deleted.
            progress(out, "the disk's own latency in %s: %d-byte appends, fsync after each", work,
                    DiskLimit.SMALL_SYNC_BYTES);
            long[] smallSyncs = DiskLimit.smallSyncs(work);
            progress(out, "single-writer latency: %,d appends after %,d warm-up", options.latencyAppends(),
                    options.latencyWarmup());
            Path latencyDir = work.resolve("latency");
            var latency = LatencyPhase.run(latencyDir, options.latencyWarmup(), options.latencyAppends(),
                    options.seconds(), event);
            LogFiles.deleteTree(latencyDir);

            progress(out, "the disk's limit: %d MiB per chunk size, fsync after each chunk",
                    options.diskBytes() >> 20);
            Path diskBeforeDir = work.resolve("disk-before");
            var diskBefore = DiskLimit.round(diskBeforeDir, options.diskBytes(), options.seconds());

            progress(out, "durable throughput: %d writers, up to %,d events or %.1f s after %.1f s warm-up",
                    options.writers(), options.events(), secs(options.seconds()), secs(options.warmup()));
            Path throughputDir = work.resolve("throughput");
            var throughput = ThroughputPhase.run(throughputDir, FsyncPolicy.ALWAYS, options.writers(),
                    options.events(), options.seconds(), options.warmup(), event);

            progress(out, "the disk's limit again, after the log: %d MiB per chunk size", options.diskBytes() >> 20);
            Path diskAfterDir = work.resolve("disk-after");
            var disk = new DiskLimit.Result(diskBefore,
                    DiskLimit.round(diskAfterDir, options.diskBytes(), options.seconds()), smallSyncs);
            // Only now: deletions make the file system discard and journal, which slows the next fsyncs.
            LogFiles.deleteTree(diskBeforeDir);
            LogFiles.deleteTree(throughputDir);
            LogFiles.deleteTree(diskAfterDir);

            // The same load without fsync: if it is barely faster, the disk is not what holds the durable
            // figure back but the CPU. Only a rough ceiling: without fsync, batches are smaller and appenders
            // wake more often, so it can even be slower than the durable run.
            Duration window = options.seconds().dividedBy(3);
            progress(out, "the same load without fsync, for comparison: up to %.1f s", secs(window));
            Path noFsyncDir = work.resolve("throughput-nofsync");
            var withoutFsync = ThroughputPhase.run(noFsyncDir, FsyncPolicy.NEVER, options.writers(),
                    options.events(), window, options.warmup().dividedBy(2), event);
            LogFiles.deleteTree(noFsyncDir);

            progress(out, "heap: up to %,d events without fsync, or %.1f s, in %d MiB segments", options.heapEvents(),
                    secs(options.heapSeconds()), options.heapSegmentBytes() >> 20);
            Path heapDir = work.resolve("heap");
            var heap = HeapPhase.run(heapDir, options.heapEvents(), options.heapSeconds(), options.heapSegmentBytes(),
                    event);
            LogFiles.deleteTree(heapDir);

            progress(out, "seal: %d segments of %d MiB, one event per new stream, without fsync, up to %.1f s",
                    options.sealSegments(), options.sealSegmentBytes() >> 20, secs(options.sealSeconds()));
            Path sealDir = work.resolve("seal");
            var seal = SealPhase.run(sealDir, options.sealSegments(), options.sealSeconds(), options.sealSegmentBytes(),
                    event);
            LogFiles.deleteTree(sealDir);

            return new LogBenchReport(options, filesystem, loadBefore, loadAverage(), disk, throughput, withoutFsync,
                    latency, heap, seal);
        } finally {
            LogFiles.deleteTree(work);
            if (createdParent) {
                try {
                    Files.deleteIfExists(parent);
                } catch (IOException notEmpty) {
                    // someone else put something there meanwhile: theirs to keep
                }
            }
        }
    }

    /** Under the build's target/ when run from a module or the repository, where a clean removes strays. */
    private static Path defaultParent() {
        Path target = Path.of("target");
        return Files.isDirectory(target) ? target : Path.of(System.getProperty("java.io.tmpdir"));
    }

    private static String describe(Path dir) {
        try {
            var store = Files.getFileStore(dir);
            return store.type() + " on " + store.name() + " at " + dir.toAbsolutePath();
        } catch (IOException e) {
            return dir.toAbsolutePath().toString();
        }
    }

    /** The 1-minute load average, or -1 where the platform has none. */
    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static double secs(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static void progress(PrintStream out, String format, Object... args) {
        out.println("... " + String.format(Locale.ROOT, format, args));
        out.flush();
    }
}
