package dev.chorus.log.state;

import dev.chorus.core.state.StateStore;
import dev.chorus.testkit.state.StateStoreConformance;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store keeps the state store contract, compacting often enough to do so inside the tests. */
class EmbeddedStateStoreConformanceTest extends StateStoreConformance {
    @TempDir
    Path root;

    private final AtomicInteger stores = new AtomicInteger();

    @Override
    protected StateStore newStore() {
        Path dir = root.resolve("state-" + stores.incrementAndGet());
        return EmbeddedStateStore.open(StateStoreConfig.of(dir, c -> c.compactAfterBytes = 64 << 10));
    }
}
