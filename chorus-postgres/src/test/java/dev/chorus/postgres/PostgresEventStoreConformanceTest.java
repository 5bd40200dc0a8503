package dev.chorus.postgres;

import dev.chorus.core.EventStore;
import dev.chorus.core.StoreLimits;
import dev.chorus.testkit.EventStoreConformance;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The PostgreSQL event store keeps the event store contract: one database for the class, a new schema per store. */
class PostgresEventStoreConformanceTest extends EventStoreConformance {
    private static TestSchemas schemas;

    @BeforeAll
    static void create_the_database() {
        schemas = new TestSchemas();
    }

    @AfterAll
    static void drop_the_database() {
        schemas.close();
    }

    @Override
    protected EventStore newStore(Clock clock, StoreLimits limits) {
        return PostgresEventStore.open(schemas.config(schemas.freshSchema(), c -> {
            c.clock = clock;
            c.limits = limits;
        }));
    }
}
