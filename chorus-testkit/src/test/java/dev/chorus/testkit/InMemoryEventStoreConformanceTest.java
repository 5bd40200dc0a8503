package dev.chorus.testkit;

import dev.chorus.core.EventStore;
import dev.chorus.core.StoreLimits;
import dev.chorus.core.memory.InMemoryEventStore;
import java.time.Clock;

class InMemoryEventStoreConformanceTest extends EventStoreConformance {
    @Override
    protected EventStore newStore(Clock clock, StoreLimits limits) {
        return new InMemoryEventStore(clock, limits);
    }
}
