package dev.chorus.postgres;

import dev.chorus.core.EventStore;
import dev.chorus.core.StoreLimits;
import dev.chorus.testkit.EventStoreConformance;
import java.time.Clock;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The PostgreSQL event store keeps the event store contract: one database for the class, a new schema per store. */
class PostgresEventStoreConformanceTest extends EventStoreConformance {
    @RegisterExtension
    static final TestSchemas schemas = new TestSchemas();

    @Override
    protected EventStore newStore(Clock clock, StoreLimits limits) {
        return PostgresEventStore.open(schemas.config(schemas.freshSchema(), c -> {
            c.clock = clock;
            c.limits = limits;
        }));
    }
}
