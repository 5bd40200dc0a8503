package dev.chorus.bench.internal;

import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.log.EmbeddedLog;
import dev.chorus.log.FsyncPolicy;
import dev.chorus.log.LogConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** One writer, one event at a time: what a quiet service waits for each acknowledgement. */
final class LatencyPhase {
    /** @param sortedNanos every measured append's acknowledgement latency, ascending */
    record Result(long[] sortedNanos) {
        double percentileMs(double p) {
            return Percentiles.of(sortedNanos, p) / 1e6;
        }

        int appends() {
            return sortedNanos.length;
        }
    }

    private LatencyPhase() {}

    static Result run(Path dir, int warmup, int appends, Duration cap, NewEvent event) {
        var config = LogConfig.of(dir, b -> b.fsync = FsyncPolicy.ALWAYS);
        List<NewEvent> one = List.of(event);
        long[] nanos = new long[appends];
        int done = 0;
        try (var log = EmbeddedLog.open(config)) {
            long deadline = System.nanoTime() + cap.toNanos();
            for (int i = 0; i < warmup && System.nanoTime() < deadline; i++) {
                log.append("latency", ExpectedVersion.any(), one);
            }
            deadline = System.nanoTime() + cap.toNanos();
            while (done < appends && System.nanoTime() < deadline) {
                long t0 = System.nanoTime();
                log.append("latency", ExpectedVersion.any(), one);
                nanos[done++] = System.nanoTime() - t0;
            }
        }
        long[] measured = Arrays.copyOf(nanos, done);
        Arrays.sort(measured);
        return new Result(measured);
    }
}
