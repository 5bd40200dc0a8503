package dev.chorus.bench.internal;

import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.log.EmbeddedLog;
import dev.chorus.log.FsyncPolicy;
import dev.chorus.log.LogConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

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
     */
    record Result(int writers, Writers.Round measured, long eventsInLog, long segmentBytes, LatencyHistogram acks,
                  long processCpuNanos, long writerCpuNanos) {
        double framedEventBytes() {
            return eventsInLog == 0 ? 0 : (double) segmentBytes / eventsInLog;
        }

        /** CPU the whole process spent per measured event, in microseconds; negative when unknown. */
        double cpuMicrosPerEvent() {
            return perEvent(processCpuNanos);
        }

        /** CPU the log's writer thread spent per measured event: the serial part. Negative when unknown. */
        double writerCpuMicrosPerEvent() {
            return perEvent(writerCpuNanos);
        }

        /** The share of the measured time the writer thread was on a CPU; negative when unknown. */
        double writerBusy() {
            return writerCpuNanos < 0 || measured.nanos() == 0 ? -1 : (double) writerCpuNanos / measured.nanos();
        }

        private double perEvent(long nanos) {
            return nanos < 0 || measured.events() == 0 ? -1 : nanos / 1e3 / measured.events();
        }
    }

    /** The log's one writer thread, as it names itself; its CPU time is read by name. */
    static final String WRITER_THREAD = "chorus-log-writer";

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
        long writerCpu;
        try (var log = EmbeddedLog.open(config)) {
            if (warmup.isPositive()) {
                warm = Writers.run("bench-warmup", writers, Math.max(1, maxEvents / 10), warmup, (w, n) -> {
                    log.append(streams[w], ExpectedVersion.any(), one);
                    return 1;
                });
            }
            long cpuBefore = CpuClock.processNanos();
            long writerBefore = CpuClock.threadNanos(WRITER_THREAD);
            measured = Writers.run("bench-writer", writers, maxEvents, window, (w, n) -> {
                long t0 = System.nanoTime();
                log.append(streams[w], ExpectedVersion.any(), one);
                acks.record(System.nanoTime() - t0);
                return 1;
            });
            long writerAfter = CpuClock.threadNanos(WRITER_THREAD);
            long cpuAfter = CpuClock.processNanos();
            cpu = cpuBefore < 0 || cpuAfter < 0 ? -1 : cpuAfter - cpuBefore;
            writerCpu = writerBefore < 0 || writerAfter < 0 ? -1 : writerAfter - writerBefore;
        }
        return new Result(writers, measured, warm.events() + measured.events(), LogFiles.segmentBytes(dir), acks, cpu,
                writerCpu);
    }
}
