package dev.chorus.log;

import dev.chorus.core.EventStore;
import dev.chorus.core.StoreLimits;
import dev.chorus.testkit.EventStoreConformance;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/** The embedded log keeps the event store contract, with segments small enough to roll inside the tests. */
class EmbeddedLogConformanceTest extends EventStoreConformance {
    @TempDir
    Path root;

    private final AtomicInteger stores = new AtomicInteger();

    @Override
    protected EventStore newStore(Clock clock, StoreLimits limits) {
        Path dir = root.resolve("log-" + stores.incrementAndGet());
        return EmbeddedLog.open(LogConfig.of(dir, c -> {
            c.clock = clock;
            c.limits = limits;
            c.segmentBytes = 64 << 10;
        }));
    }
}
