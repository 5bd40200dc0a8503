package dev.chorus.postgres;

import dev.chorus.testkit.postgres.PostgresFixture;
import dev.chorus.testkit.postgres.TestDatabase;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One test database for a test class, and a fresh schema in it for each store that must start empty. Registered as
 * {@code @RegisterExtension static final TestSchemas schemas = new TestSchemas();}, it drops the database after
 * the class (not after each of its nested classes, which inherit it).
 */
final class TestSchemas implements AutoCloseable, AfterAllCallback {
    private final TestDatabase database = PostgresFixture.shared().newDatabase();
    private final AtomicInteger schemas = new AtomicInteger();

    TestDatabase database() {
        return database;
    }

    /** A schema name no store of this class has used yet. */
    String freshSchema() {
        return "t" + schemas.incrementAndGet();
    }

    /** A config for {@code schema}, with a small pool, changed by {@code setup}. */
    PostgresConfig config(String schema, Consumer<PostgresConfig.Builder> setup) {
        return PostgresConfig.of(database.jdbcUrl(), c -> {
            c.user = database.user();
            c.password = database.password();
            c.schema = schema;
            c.poolSize = 4;
            c.pollInterval = java.time.Duration.ofMillis(200);
            setup.accept(c);
        });
    }

    PostgresConfig config(String schema) {
        return config(schema, c -> {});
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getRequiredTestClass().getEnclosingClass() == null) {
            close();
        }
    }

    @Override
    public void close() {
        database.close();
    }
}
