package dev.chorus.bench.internal;

import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.log.EmbeddedLog;
import dev.chorus.log.FsyncPolicy;
import dev.chorus.log.LogConfig;
import dev.chorus.log.WriterStats;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A busy service: many virtual threads, each appending one event at a time to its own stream and
 * waiting for the fsync'd acknowledgement before the next. Only a group commit lets them share syncs.
 */
final class ThroughputPhase {
    /**
     * @param measured     the measured round (after warm-up)
     * @param eventsInLog  every event appended, warm-up included: the denominator of the framed size
     * @param segmentBytes the log's segment bytes on disk after closing it
     * @param acks         acknowledgement latency of each measured append
     * @param processCpuNanos CPU the whole process used during the measured round, or -1
     * @param logThreadCpuNanos CPU each of the log's own threads used during it, by thread name
     * @param writer       the log's group-commit counters over the measured round
     */
    record Result(int writers, Writers.Round measured, long eventsInLog, long segmentBytes, LatencyHistogram acks,
                  long processCpuNanos, Map<String, Long> logThreadCpuNanos, WriterStats writer) {
        double framedEventBytes() {
            return eventsInLog == 0 ? 0 : (double) segmentBytes / eventsInLog;
        }

        /** CPU the whole process spent per measured event, in microseconds; negative when unknown. */
        double cpuMicrosPerEvent() {
            return processCpuNanos < 0 || measured.events() == 0 ? -1 : processCpuNanos / 1e3 / measured.events();
        }

        /** The share of the measured time a log thread was on a CPU; negative when unknown. */
        double busy(String thread) {
            Long nanos = logThreadCpuNanos.get(thread);
            return nanos == null || measured.nanos() == 0 ? -1 : (double) nanos / measured.nanos();
        }

        /** The share of the measured time spent inside fsync (by the one thread that syncs). */
        double fsyncBusy() {
            return measured.nanos() == 0 ? 0 : (double) writer.syncNanos() / measured.nanos();
        }
    }

    /** The prefix of the log's own threads (its writer and syncer), whose CPU time is read by name. */
    static final String LOG_THREADS = "chorus-log-";
    static final String WRITER_THREAD = "chorus-log-writer";
    static final String SYNCER_THREAD = "chorus-log-syncer";

    private ThroughputPhase() {}

    /** Appends with {@code fsync} as the log's policy; the benchmark's figure is with {@link FsyncPolicy#ALWAYS}. */
    static Result run(Path dir, FsyncPolicy fsync, int writers, long maxEvents, Duration window, Duration warmup,
                      NewEvent event) throws IOException, InterruptedException {
        var config = LogConfig.of(dir, b -> b.fsync = fsync);
        List<NewEvent> one = List.of(event);
        String[] streams = new String[writers];
        Arrays.setAll(streams, w -> "writer-" + w);
        var acks = new LatencyHistogram();
        Writers.Round warm = new Writers.Round(0, 0);
        Writers.Round measured;
        long cpu;
        Map<String, Long> threadCpu;
        WriterStats stats;
        try (var log = EmbeddedLog.open(config)) {
            if (warmup.isPositive()) {
                warm = Writers.run("bench-warmup", writers, Math.max(1, maxEvents / 10), warmup, (w, n) -> {
                    log.append(streams[w], ExpectedVersion.any(), one);
                    return 1;
                });
            }
            long cpuBefore = CpuClock.processNanos();
            var threadsBefore = CpuClock.threadNanos(LOG_THREADS);
            var statsBefore = log.writerStats();
            measured = Writers.run("bench-writer", writers, maxEvents, window, (w, n) -> {
                long t0 = System.nanoTime();
                log.append(streams[w], ExpectedVersion.any(), one);
                acks.record(System.nanoTime() - t0);
                return 1;
            });
            var statsAfter = log.writerStats();
            var threadsAfter = CpuClock.threadNanos(LOG_THREADS);
            long cpuAfter = CpuClock.processNanos();
            cpu = cpuBefore < 0 || cpuAfter < 0 ? -1 : cpuAfter - cpuBefore;
            threadCpu = CpuClock.minus(threadsAfter, threadsBefore);
            stats = new WriterStats(statsAfter.batches() - statsBefore.batches(),
                    statsAfter.appends() - statsBefore.appends(),
                    statsAfter.bytesWritten() - statsBefore.bytesWritten(),
                    statsAfter.syncNanos() - statsBefore.syncNanos());
        }
        return new Result(writers, measured, warm.events() + measured.events(), LogFiles.segmentBytes(dir), acks, cpu,
                threadCpu, stats);
    }
}
