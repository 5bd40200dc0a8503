package dev.chorus.bench.internal;

import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.log.EmbeddedLog;
import dev.chorus.log.FsyncPolicy;
import dev.chorus.log.LogConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
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
    record Result(int writers, Writers.Round measured, long eventsInLog, long segmentBytes, LatencyHistogram acks) {
        double framedEventBytes() {
            return eventsInLog == 0 ? 0 : (double) segmentBytes / eventsInLog;
        }
    }

    private ThroughputPhase() {}

    static Result run(Path dir, int writers, long maxEvents, Duration window, Duration warmup, NewEvent event)
            throws IOException, InterruptedException {
        var config = LogConfig.of(dir, b -> b.fsync = FsyncPolicy.ALWAYS);
        List<NewEvent> one = List.of(event);
        var acks = new LatencyHistogram();
        Writers.Round warm = new Writers.Round(0, 0);
        Writers.Round measured;
        try (var log = EmbeddedLog.open(config)) {
            if (warmup.isPositive()) {
                warm = Writers.run("bench-warmup", writers, Math.max(1, maxEvents / 10), warmup, (w, n) -> {
                    log.append("writer-" + w, ExpectedVersion.any(), one);
                    return 1;
                });
            }
            measured = Writers.run("bench-writer", writers, maxEvents, window, (w, n) -> {
                long t0 = System.nanoTime();
                log.append("writer-" + w, ExpectedVersion.any(), one);
                acks.record(System.nanoTime() - t0);
                return 1;
            });
        }
        return new Result(writers, measured, warm.events() + measured.events(), LogFiles.segmentBytes(dir), acks);
    }
}
