package dev.chorus.distributed;

import dev.chorus.core.state.StateStore;
import dev.chorus.distributed.internal.Leadership;
import dev.chorus.postgres.PostgresFailure;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A process's claim on its role's schema for the place it keeps its facts ({@link FactsLocation}), made under an
 * advisory lock of its own, so that two processes starting at once on a new schema, their facts in different places,
 * cannot both record theirs: the second sees the first's.
 */
final class SchemaClaim {
    private SchemaClaim() {}

    /** @throws FactsElsewhere the schema's state belongs to facts kept elsewhere than {@code location} */
    static void claim(String jdbcUrl, String schema, StateStore state, String location) {
        try (var connection = DriverManager.getConnection(jdbcUrl, new Properties())) {
            try (var lock = connection.prepareStatement("SELECT pg_advisory_lock(?)")) {
                lock.setLong(1, Leadership.keyOf("facts of " + schema));
                lock.execute();
            }
            FactsLocation.claim(state, schema, location, holdsFacts(connection, schema));
        } catch (SQLException e) { // closing the connection releases the lock
            throw new PostgresFailure("claim schema " + schema + " for the facts " + FactsLocation.describe(location),
                    e);
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
