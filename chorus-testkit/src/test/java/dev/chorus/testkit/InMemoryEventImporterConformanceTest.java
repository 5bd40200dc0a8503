package dev.chorus.testkit;

import dev.chorus.core.StoreLimits;
import dev.chorus.core.memory.InMemoryEventStore;
import java.time.Clock;

class InMemoryEventImporterConformanceTest extends EventImporterConformance {
    @Override
    protected Importing newStore(Clock clock) {
        return Importing.itself(new InMemoryEventStore(clock, StoreLimits.DEFAULT));
    }
}
