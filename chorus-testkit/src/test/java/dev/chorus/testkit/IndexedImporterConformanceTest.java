package dev.chorus.testkit;

import dev.chorus.core.IndexedImporter;
import dev.chorus.core.StoreLimits;
import dev.chorus.core.memory.InMemoryEventStore;
import dev.chorus.core.memory.InMemoryStateStore;
import java.time.Clock;

/** The importer that keeps its id index in a state store, over the in-memory stores (the log's test runs it on files). */
class IndexedImporterConformanceTest extends EventImporterConformance {
    @Override
    protected Importing newStore(Clock clock) {
        var store = new InMemoryEventStore(clock, StoreLimits.DEFAULT);
        return new Importing(store, new IndexedImporter(store, new InMemoryStateStore(), StoreLimits.DEFAULT, clock),
                store);
    }
}
