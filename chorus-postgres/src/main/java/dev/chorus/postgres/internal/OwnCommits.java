package dev.chorus.postgres.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * This store's writes between taking the head lock and handing their rows to the tail window. PostgreSQL delivers
 * the notification of such a write as it commits, which may be before the writing thread has put the rows in the
 * window; a head heard then is held back until the write is through, so that subscriptions take those rows from
 * the window instead of reading the table for them.
 */
public final class OwnCommits {
    /** One write in flight: {@link #reach(long)} once its head is known, closed when its rows are in the window. */
    public final class Write implements AutoCloseable {
        private Write() {}

        /** The head this write moves the table to, once committed. */
        public void reach(long head) {
            synchronized (OwnCommits.this) {
                reaching.put(this, head);
            }
        }

        /** Done (committed and in the window, or failed): a head held back meanwhile goes on unless another write covers it. */
        @Override
        public void close() {
            long release;
            synchronized (OwnCommits.this) {
                reaching.remove(this);
                if (held < 0 || covered(held)) {
                    return;
                }
                release = held;
                held = -1;
            }
            onRelease.accept(release);
        }
    }

    /** Where a held-back head goes once no write of this store explains it any more. */
    public interface Release {
        void accept(long head);
    }

    private final Map<Write, Long> reaching = new HashMap<>();
    private final Release onRelease;
    private long held = -1;

    public OwnCommits(Release onRelease) {
        this.onRelease = onRelease;
    }

    public Write begin() {
        return new Write();
    }

    /**
     * A head heard from the database: true when it may be passed on now, false when a write of this store in flight
     * reaches at least as far, so that its own hand-over moves the signal (the head is passed on when it closes).
     */
    public synchronized boolean hear(long head) {
        if (!covered(head)) {
            return true;
        }
        held = Math.max(held, head);
        return false;
    }

    private boolean covered(long head) {
        for (long reach : reaching.values()) {
            if (reach >= head) {
                return true;
            }
        }
        return false;
    }
}
