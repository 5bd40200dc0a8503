package dev.chorus.postgres;

import dev.chorus.core.state.StateStore;
import dev.chorus.testkit.state.StateStoreConformance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The PostgreSQL state store keeps the state store contract: one database for the class, a new schema per store. */
class PostgresStateStoreConformanceTest extends StateStoreConformance {
    @RegisterExtension
    static final TestSchemas schemas = new TestSchemas();

    @Override
    protected StateStore newStore() {
        return PostgresStateStore.open(schemas.config(schemas.freshSchema()));
    }
}
