package dev.chorus.postgres.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;

/**
 * Follows the head that every instance on the schema moves: LISTENs on the schema's channel, where each append or
 * import notifies its new head when it commits, on a connection of its own, and asks for the head itself each poll
 * interval without a notification, in case one was lost. A broken connection is opened again after a pause.
 */
public final class HeadListener implements AutoCloseable {
    /** How the listener reaches the database and reads the head. */
    public interface Source {
        Connection connect() throws SQLException;

        long head(Connection connection) throws SQLException;
    }

    private final Source source;
    private final String channel;
    private final Duration pollInterval;
    private final LongConsumer onHead;
    private final Thread thread;
    private volatile @Nullable Connection connection;
    private volatile boolean closed;
    private volatile boolean listening;

    private HeadListener(Source source, String channel, Duration pollInterval, LongConsumer onHead) {
        this.source = source;
        this.channel = channel;
        this.pollInterval = pollInterval;
        this.onHead = onHead;
        this.thread = Thread.ofPlatform().daemon().name("chorus-listen-" + channel).unstarted(this::run);
    }

    /** Starts listening on {@code channel} (a plain identifier), passing every head it learns to {@code onHead}. */
    public static HeadListener start(Source source, String channel, Duration pollInterval, LongConsumer onHead) {
        var listener = new HeadListener(source, channel, pollInterval, onHead);
        listener.thread.start();
        return listener;
    }

    private void run() {
        while (!closed) {
            try (var opened = source.connect()) {
                connection = opened;
                if (closed) {
                    return;
                }
                listen(opened);
            } catch (SQLException | RuntimeException e) {
                listening = false;
                // Subscriptions ask the store for the head themselves while this reconnects.
                pause();
            } finally {
                listening = false;
                connection = null;
            }
        }
    }

    private void listen(Connection opened) throws SQLException {
        try (var statement = opened.prepareStatement("LISTEN " + channel)) {
            statement.execute();
        }
        // Whatever committed before LISTEN took effect came without a notification.
        onHead.accept(source.head(opened));
        listening = true;
        var notifications = opened.unwrap(PGConnection.class);
        long lastPoll = System.nanoTime();
        int waitMillis = (int) Math.max(1, pollInterval.toMillis());
        while (!closed) {
            long newest = -1;
            var received = notifications.getNotifications(waitMillis);
            if (received != null) {
                for (var notification : received) {
                    newest = Math.max(newest, parse(notification.getParameter()));
                }
            }
            if (newest >= 0) {
                onHead.accept(newest);
            } else if (System.nanoTime() - lastPoll >= pollInterval.toNanos()) {
                onHead.accept(source.head(opened));
                lastPoll = System.nanoTime();
            }
        }
    }

    private static long parse(String payload) {
        try {
            return Long.parseLong(payload);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void pause() {
        try {
            Thread.sleep(pollInterval);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    /** Whether notifications reach this listener now: it is connected, and LISTEN took effect. */
    public boolean isListening() {
        return listening && !closed;
    }

    /** Stops listening: the connection is aborted, so a wait for notifications ends at once. */
    @Override
    public void close() {
        closed = true;
        var open = connection;
        if (open != null) {
            try {
                open.abort(Runnable::run);
            } catch (SQLException | RuntimeException e) {
                // Closing anyway; the thread ends at its next wake-up.
            }
        }
        thread.interrupt();
        try {
            thread.join(pollInterval.plusSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
