package dev.chorus.bench.internal;

import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.log.EmbeddedLog;
import dev.chorus.log.FsyncPolicy;
import dev.chorus.log.LogConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;

/**
 * Whether the log's heap grows with the events it holds: used heap after a full GC, with the log open,
 * before and after appending millions of events. Without fsync, so that millions fit in seconds; the
 * log keeps the same in-memory state either way. Small segments, so that the run crosses many rolls:
 * whatever the log keeps per sealed segment shows, and the active segment's in-memory index (which
 * grows until the roll) stays small beside the slack.
 */
final class HeapPhase {
    static final int WRITERS = 4;
    static final int STREAMS_PER_WRITER = 256;
    static final int BATCH = 100;

    /**
     * @param appended events appended between the two measurements
     * @param segments segment files the log had when the second measurement was taken
     */
    record Result(long appended, Writers.Round round, long beforeBytes, long afterBytes, long segments) {
        double growthBytesPerEvent() {
            return appended == 0 ? 0 : (double) (afterBytes - beforeBytes) / appended;
        }

        /**
         * Flat: less than one byte per event, plus 2 MiB of slack for what a GC leaves unevenly. Any
         * in-memory per-event structure (an offset, a position) costs at least 8 bytes per event.
         */
        boolean flat() {
            return afterBytes - beforeBytes < appended + (2L << 20);
        }
    }

    private HeapPhase() {}

    static Result run(Path dir, long events, Duration cap, long segmentBytes, NewEvent event)
            throws InterruptedException, IOException {
        var config = LogConfig.of(dir, b -> {
            b.fsync = FsyncPolicy.NEVER;
            b.segmentBytes = segmentBytes;
        });
        int batch = (int) Math.min(BATCH, events);
        List<NewEvent> batchOfEvents = Collections.nCopies(batch, event);
        try (var log = EmbeddedLog.open(config)) {
            Writers.Operation op = (w, n) -> {
                log.append("heap-" + w + "-" + (n % STREAMS_PER_WRITER), ExpectedVersion.any(), batchOfEvents);
                return batch;
            };
            // Warm up: every stream exists and every buffer is allocated before the first measurement.
            long warmupAppends = Math.min((long) WRITERS * STREAMS_PER_WRITER, Math.max(1, events / batch));
            Writers.run("bench-heap-warmup", WRITERS, warmupAppends, cap, op);
            long before = usedHeapAfterGc();
            Writers.Round round = Writers.run("bench-heap", WRITERS, Math.max(1, events / batch), cap, op);
            long after = usedHeapAfterGc();
            return new Result(round.events(), round, before, after, LogFiles.segmentCount(dir));
        }
    }

    static long usedHeapAfterGc() throws InterruptedException {
        var memory = ManagementFactory.getMemoryMXBean();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
            least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
        }
        return least;
    }
}
