package dev.chorus.distributed.internal;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Which of several instances of one service does the work that must happen once: its handlers, read models and
 * relay. The leader holds a PostgreSQL session advisory lock on a connection of its own; when the process dies
 * its connection closes, the lock is released, and a standby takes over within one check interval. A leader
 * that loses its connection stops leading at once, before another can start.
 */
public final class Leadership implements AutoCloseable {
    /** What starts when this instance is elected; closing it is how leadership ends here. */
    public interface Work extends AutoCloseable {
        @Override
        void close();
    }

    private final String jdbcUrl;
    private final Properties credentials;
    private final long key;
    private final Duration interval;
    private final java.util.function.Supplier<Work> elected;
    private final Consumer<Throwable> trouble;
    private final Thread thread;
    private volatile boolean closed;
    private Connection connection;
    private Work work;

    private Leadership(String jdbcUrl, Properties credentials, String name, Duration interval,
                       java.util.function.Supplier<Work> elected, Consumer<Throwable> trouble) {
        this.jdbcUrl = jdbcUrl;
        this.credentials = credentials;
        this.key = keyOf(name);
        this.interval = interval;
        this.elected = elected;
        this.trouble = trouble;
        this.thread = Thread.ofPlatform().name("chorus-leadership-" + name).daemon().unstarted(this::run);
    }

    /**
     * Competes for leadership named {@code name} in the database at {@code jdbcUrl}, checking every
     * {@code interval}; {@code elected} starts the work when this instance wins.
     */
    public static Leadership start(String jdbcUrl, Properties credentials, String name, Duration interval,
                                   java.util.function.Supplier<Work> elected, Consumer<Throwable> trouble) {
        var leadership = new Leadership(Objects.requireNonNull(jdbcUrl, "jdbcUrl"), credentials, name, interval,
                Objects.requireNonNull(elected, "elected"), Objects.requireNonNull(trouble, "trouble"));
        leadership.thread.start();
        return leadership;
    }

    /** The lock key: a stable 64-bit hash of the name, the same in every instance. */
    public static long keyOf(String name) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    public synchronized boolean leading() {
        return work != null;
    }

    private void run() {
        while (!closed) {
            try {
                step();
            } catch (RuntimeException | SQLException e) {
                synchronized (this) {
                    resign();
                    closeConnection();
                }
                if (!closed) {
                    trouble.accept(e);
                }
            }
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void step() throws SQLException {
        if (closed) {
            return;
        }
        if (work != null) {
            if (!connection.isValid(Math.max(1, (int) interval.toSeconds()))) {
                resign();
            }
            return;
        }
        if (connection == null || !connection.isValid(1)) {
            closeConnection();
            connection = DriverManager.getConnection(jdbcUrl, credentials);
        }
        if (tryLock(connection, key)) {
            work = elected.get();
        }
    }

    /** Takes the session advisory lock {@code key} on {@code connection} if no other session holds it. */
    private static boolean tryLock(Connection connection, long key) throws SQLException {
        try (var statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            statement.setLong(1, key);
            try (var result = statement.executeQuery()) {
                result.next();
                return result.getBoolean(1);
            }
        }
    }

    /** As an instance competing for leadership {@code name} would, once: whether {@code connection} now holds it. */
    public static boolean tryLead(Connection connection, String name) throws SQLException {
        return tryLock(connection, keyOf(name));
    }

    /** Stops the work and lets the lock go (closing the connection releases it even if it is half broken). */
    private synchronized void resign() {
        if (work != null) {
            try {
                work.close();
            } finally {
                work = null;
                closeConnection();
            }
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the lock goes with the session either way
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            resign();
            closeConnection();
        }
    }
}
