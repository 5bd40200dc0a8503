package dev.chorus.postgres.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.chorus.core.StoreClosed;
import dev.chorus.postgres.PostgresConfig;
import dev.chorus.postgres.PostgresFailure;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;

/**
 * A store's connection pool on its schema, migrated when opened: runs work in a pooled connection or in one
 * transaction, and turns what PostgreSQL says into Chorus's typed errors ({@link StoreClosed} once closed).
 */
public final class Database implements AutoCloseable {
    /** Work on a connection; SQL failures go to {@link Database}, which types them. */
    @FunctionalInterface
    public interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    private final PostgresConfig config;
    private final String what;
    private final HikariDataSource pool;
    private final ReadWriteLock gate = new ReentrantReadWriteLock();
    private volatile boolean closed;

    private Database(PostgresConfig config, String what, HikariDataSource pool) {
        this.config = config;
        this.what = what;
        this.pool = pool;
    }

    /**
     * Connects, creates the schema when missing and applies the migrations it lacks.
     *
     * @param what names the store in messages and in the pool's name, e.g. {@code event store}
     */
    public static Database open(PostgresConfig config, String what) {
        var hikari = new HikariConfig();
        hikari.setJdbcUrl(config.jdbcUrl());
        if (!config.user().isEmpty()) {
            hikari.setUsername(config.user());
        }
        if (!config.password().isEmpty()) {
            hikari.setPassword(config.password());
        }
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setMinimumIdle(1);
        hikari.setPoolName("chorus-" + config.schema() + "-" + what.replace(' ', '-'));
        hikari.setDataSourceProperties(driverProperties(what));
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hikari);
        } catch (HikariPool.PoolInitializationException e) {
            throw new PostgresFailure("connect to " + config.describeUrl() + userOf(config), sqlCause(e));
        }
        var database = new Database(config, what, pool);
        try {
            database.transaction("apply the migrations",
                    connection -> Migrations.apply(connection, config.schema()));
            return database;
        } catch (RuntimeException | Error e) {
            pool.close();
            throw e;
        }
    }

    public PostgresConfig config() {
        return config;
    }

    /** A schema-qualified table name for SQL text: the schema was checked to be a plain identifier. */
    public String table(String name) {
        return '"' + config.schema() + "\"." + name;
    }

    /** Runs {@code work} on a pooled connection in auto-commit mode. */
    public <T> T read(String operation, Work<T> work) {
        gate.readLock().lock();
        try (var connection = openConnection()) {
            return work.apply(connection);
        } catch (SQLException e) {
            throw failure(operation, e);
        } finally {
            gate.readLock().unlock();
        }
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T transaction(String operation, Work<T> work) {
        gate.readLock().lock();
        try (var connection = openConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.apply(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw failure(operation, e);
        } finally {
            gate.readLock().unlock();
        }
    }

    private Connection openConnection() throws SQLException {
        ensureOpen();
        return pool.getConnection();
    }

    /** A connection of its own, outside the pool, for listening: the caller closes it. */
    public Connection connectOutsidePool() throws SQLException {
        var properties = new Properties();
        if (!config.user().isEmpty()) {
            properties.setProperty("user", config.user());
        }
        if (!config.password().isEmpty()) {
            properties.setProperty("password", config.password());
        }
        properties.setProperty("ApplicationName", "chorus " + what + " listener");
        properties.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(config.jdbcUrl(), properties);
    }

    public void ensureOpen() {
        if (closed) {
            throw closedError(null);
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /** A failure of {@code operation}; once the store is closed, whatever broke is because it closed. */
    public RuntimeException failure(String operation, SQLException e) {
        return closed ? closedError(e) : new PostgresFailure(operation + " in schema " + config.schema(), e);
    }

    /**
     * Lets the work under way finish, refuses new work with {@link StoreClosed}, and closes the pool. Waiting is what
     * keeps a caller queued for a connection from waiting out the pool's timeout once the pool is gone.
     */
    @Override
    public void close() {
        gate.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            gate.writeLock().unlock();
        }
        pool.close();
    }

    private StoreClosed closedError(@Nullable SQLException cause) {
        String message = "this PostgreSQL " + what + " is closed; open it again";
        return cause == null ? new StoreClosed(message) : new StoreClosed(message, cause);
    }

    private static void rollbackQuietly(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private static Properties driverProperties(String what) {
        var properties = new Properties();
        properties.setProperty("ApplicationName", "chorus " + what);
        properties.setProperty("tcpKeepAlive", "true");
        // A batch of event rows goes as one multi-row INSERT rather than one statement per row.
        properties.setProperty("reWriteBatchedInserts", "true");
        return properties;
    }

    private static String userOf(PostgresConfig config) {
        return config.user().isEmpty() ? "" : " as " + config.user();
    }

    private static SQLException sqlCause(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return sql;
            }
        }
        return new SQLException(e.getMessage(), e);
    }
}
