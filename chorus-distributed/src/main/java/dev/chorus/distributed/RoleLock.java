package dev.chorus.distributed;

import dev.chorus.distributed.internal.Leadership;
import dev.chorus.postgres.PostgresFailure;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;

/**
 * A tool's hold on a distributed role's schema: the role's leadership, taken so that no instance of the role leads
 * (runs its read models, handlers and relay) while the tool rewrites what they own. Instances that run meanwhile
 * go on importing as standbys; one of them leads once the hold is let go.
 */
public final class RoleLock implements AutoCloseable {
    private static final long CHECK_EVERY_NANOS = 1_000_000_000L;

    private final Connection connection;
    private final String schema;
    private long checkedAt = System.nanoTime();

    private RoleLock(Connection connection, String schema) {
        this.connection = connection;
        this.schema = schema;
    }

    /** The name every instance of the role on {@code schema} competes for. */
    static String leadershipName(String schema) {
        return "chorus:" + schema + ":leader";
    }

    /**
     * Takes the leadership of the role on {@code schema} in the database at {@code jdbcUrl}, to {@code action}.
     *
     * @throws RoleRunning     an instance of the role leads it now
     * @throws PostgresFailure the database could not be asked
     */
    public static RoleLock take(String jdbcUrl, String schema, String action) {
        return tryTake(jdbcUrl, schema).orElseThrow(() -> new RoleRunning(schema, action));
    }

    /**
     * Takes the leadership of the role on {@code schema} in the database at {@code jdbcUrl}, or empty when an
     * instance of the role leads it now.
     *
     * @throws PostgresFailure the database could not be asked
     */
    public static Optional<RoleLock> tryTake(String jdbcUrl, String schema) {
        Connection connection = null;
        try {
            connection = DriverManager.getConnection(jdbcUrl, new Properties());
            if (!Leadership.tryLead(connection, leadershipName(schema))) {
                return Optional.empty();
            }
            var lock = new RoleLock(connection, schema);
            connection = null;
            return Optional.of(lock);
        } catch (SQLException e) {
            throw new PostgresFailure("take the leadership of schema " + schema, e);
        } finally {
            closeQuietly(connection);
        }
    }

    /**
     * Checks, at most once a second, that the session holding the leadership is still there: a dropped session
     * (the server restarted, an idle timeout) lets an instance of the role lead again.
     *
     * @throws RoleLockLost it is gone
     */
    public void ensureHeld() {
        long now = System.nanoTime();
        if (now - checkedAt < CHECK_EVERY_NANOS) {
            return;
        }
        checkedAt = now;
        boolean valid;
        try {
            valid = connection.isValid(5);
        } catch (SQLException e) {
            valid = false;
        }
        if (!valid) {
            throw new RoleLockLost(schema);
        }
    }

    /** Lets the leadership go: the session that holds it ends. */
    @Override
    public void close() {
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the lock goes with the session either way
            }
        }
    }
}
