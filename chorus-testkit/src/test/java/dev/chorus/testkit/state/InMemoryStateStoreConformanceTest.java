package dev.chorus.testkit.state;

import dev.chorus.core.memory.InMemoryStateStore;
import dev.chorus.core.state.StateStore;

class InMemoryStateStoreConformanceTest extends StateStoreConformance {
    @Override
    protected StateStore newStore() {
        return new InMemoryStateStore();
    }
}
