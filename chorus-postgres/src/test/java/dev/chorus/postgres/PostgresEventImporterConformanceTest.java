package dev.chorus.postgres;

import dev.chorus.core.StoreLimits;
import dev.chorus.testkit.EventImporterConformance;
import java.time.Clock;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The PostgreSQL event store imports in one transaction: a new schema per test. */
class PostgresEventImporterConformanceTest extends EventImporterConformance {
    @RegisterExtension
    static final TestSchemas schemas = new TestSchemas();

    @Override
    protected Importing newStore(Clock clock) {
        return Importing.itself(PostgresEventStore.open(schemas.config(schemas.freshSchema(), c -> {
            c.clock = clock;
            c.limits = StoreLimits.DEFAULT;
        })));
    }
}
