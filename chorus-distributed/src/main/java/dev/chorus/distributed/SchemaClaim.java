package dev.chorus.distributed;

import dev.chorus.distributed.internal.Leadership;
import dev.chorus.postgres.PostgresFailure;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * A process's claim on its role's schema for the place it keeps its facts ({@link FactsLocation}), made under an
 * advisory lock of its own, so that two processes starting at once on a new schema, their facts in different places,
 * cannot both record theirs: the second sees the first's.
 */
final class SchemaClaim {
    private static final Duration LOCK_WAIT = Duration.ofSeconds(30);

    private SchemaClaim() {}

    /** What a claim does under the lock, told whether the schema's events table holds facts. */
    @FunctionalInterface
    interface Claim {
        void make(boolean schemaHoldsFacts);
    }

    /**
     * Runs {@code claim} holding the schema's claim lock (waiting at most {@link #LOCK_WAIT} for another process's).
     *
     * @throws FactsElsewhere the schema's state belongs to facts kept elsewhere
     */
    static void under(String jdbcUrl, String schema, Claim claim) {
        try (var connection = DriverManager.getConnection(jdbcUrl, new Properties())) {
            try (var timeout = connection.createStatement()) {
                timeout.execute("SET lock_timeout = '" + LOCK_WAIT.toMillis() + "ms'");
            }
            try (var lock = connection.prepareStatement("SELECT pg_advisory_lock(?)")) {
                lock.setLong(1, Leadership.keyOf("facts of " + schema));
                lock.execute();
            }
            claim.make(holdsFacts(connection, schema));
        } catch (SQLException e) { // closing the connection releases the lock
            throw new PostgresFailure("claim schema " + schema + " for where its role's facts are", e);
        }
    }

    /** Whether the schema has an events table that holds a fact. */
    private static boolean holdsFacts(Connection connection, String schema) throws SQLException {
        try (var table = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            table.setString(1, "\"" + schema + "\".events");
            try (var result = table.executeQuery()) {
                result.next();
                if (!result.getBoolean(1)) {
                    return false;
                }
            }
        }
        // a schema name is lower-case letters, digits and '_' (PostgresConfig checks it), so it is quoted as is
        try (var query = connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM \"" + schema + "\".events)");
             var result = query.executeQuery()) {
            result.next();
            return result.getBoolean(1);
        }
    }
}
