package dev.chorus.log;

import dev.chorus.core.IndexedImporter;
import dev.chorus.core.StoreLimits;
import dev.chorus.log.state.EmbeddedStateStore;
import dev.chorus.log.state.StateStoreConfig;
import dev.chorus.testkit.EventImporterConformance;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/** The embedded log imports through an id index in the state store beside it, and keeps the importer contract. */
class IndexedImporterOnTheLogTest extends EventImporterConformance {
    @TempDir
    Path root;

    private final AtomicInteger stores = new AtomicInteger();

    @Override
    protected Importing newStore(Clock clock) {
        Path dir = root.resolve("log-" + stores.incrementAndGet());
        var log = EmbeddedLog.open(LogConfig.of(dir, c -> {
            c.clock = clock;
            c.segmentBytes = 64 << 10;
        }));
        var state = EmbeddedStateStore.open(StateStoreConfig.besideLog(dir));
        return new Importing(log, new IndexedImporter(log, state, StoreLimits.DEFAULT, clock), () -> {
            state.close();
            log.close();
        });
    }
}
