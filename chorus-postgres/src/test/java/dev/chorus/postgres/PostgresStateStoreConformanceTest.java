package dev.chorus.postgres;

import dev.chorus.core.state.StateStore;
import dev.chorus.testkit.state.StateStoreConformance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The PostgreSQL state store keeps the state store contract: one database for the class, a new schema per store. */
class PostgresStateStoreConformanceTest extends StateStoreConformance {
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
    protected StateStore newStore() {
        return PostgresStateStore.open(schemas.config(schemas.freshSchema()));
    }
}
