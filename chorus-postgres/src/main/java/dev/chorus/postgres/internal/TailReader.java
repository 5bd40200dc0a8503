package dev.chorus.postgres.internal;

import dev.chorus.core.AllReader;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.internal.HeadSignal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What a store's subscriptions read through: one reader of the table's tail shared by all of them. Live
 * subscriptions take their events from an {@link EventWindow} of recent ones, which the store's own writes fill as
 * they commit and which one subscription at a time tops up from the table when the head moves beyond it (the others
 * wait for that read instead of making their own); a subscription behind the window reads the table itself, a page
 * at a time, until it reaches the window.
 */
public final class TailReader implements AllReader {
    /** How the reader reaches the table. */
    public interface Source {
        /** Throws {@code StoreClosed} once the store is closed. */
        void ensureOpen();

        List<RecordedEvent> readAll(long fromPosition, int maxCount);

        long head();

        /** Passes on a head this reader learned, so that the signal moves. */
        void advance(long head);
    }

    private final Source source;
    private final HeadSignal signal;
    private final EventWindow window;
    private final int fetchSize;
    private final long staleNanos;
    private final ReentrantLock fetching = new ReentrantLock();
    private final AtomicLong tailReads = new AtomicLong();
    private final AtomicLong catchUpReads = new AtomicLong();
    private final AtomicLong headReads = new AtomicLong();
    private volatile long lastHeard = System.nanoTime();
    private volatile boolean active;

    /**
     * @param maxEvents  events the window holds at most
     * @param maxBytes   about how much data it holds at most
     * @param staleAfter how long without news of the head (from the listener, or from a read) before a waiting
     *                   subscription asks the table for it itself
     */
    public TailReader(Source source, HeadSignal signal, int maxEvents, long maxBytes, Duration staleAfter) {
        this.source = source;
        this.signal = signal;
        this.window = new EventWindow(signal.head(), maxEvents, maxBytes);
        this.fetchSize = Math.min(maxEvents, 512);
        this.staleNanos = staleAfter.toNanos();
    }

    /**
     * Starts keeping the store's writes, from {@code head} (the head as the store knows it now): until the first
     * subscription, a store that only appends holds nothing.
     */
    public void activate(long head) {
        fetching.lock();
        try {
            if (!active) {
                window.restartAt(Math.max(head, window.end()));
                active = true;
            }
        } finally {
            fetching.unlock();
        }
    }

    /** Whether a subscription started: only then does the window keep this store's writes. */
    public boolean active() {
        return active;
    }

    /** Events this store just committed, in position order: live subscriptions get them without reading. */
    public void committed(List<RecordedEvent> events) {
        if (active) {
            window.append(events);
        }
    }

    /** A head heard from the listener (a notification or its poll): the signal is up to date as of now. */
    public void heard() {
        lastHeard = System.nanoTime();
    }

    /** Whether the head was heard of recently enough to answer for the table without asking it. */
    public boolean fresh() {
        return System.nanoTime() - lastHeard <= staleNanos;
    }

    /** The position after the last event the window holds: an event there has committed. */
    public long end() {
        return window.end();
    }

    /** Reads of new events into the window so far. */
    public long tailReads() {
        return tailReads.get();
    }

    /** Pages read by subscriptions behind the window so far. */
    public long catchUpReads() {
        return catchUpReads.get();
    }

    /** Reads of the head by subscriptions that heard nothing for a while, so far. */
    public long headReads() {
        return headReads.get();
    }

    @Override
    public List<RecordedEvent> readAll(long fromPosition, int maxCount) {
        source.ensureOpen();
        while (true) {
            var held = window.slice(fromPosition, maxCount);
            if (held.isEmpty()) {
                catchUpReads.incrementAndGet();
                var page = source.readAll(fromPosition, maxCount);
                if (!page.isEmpty()) {
                    // A page that reaches past the window's end brings the window along.
                    window.append(page);
                    source.advance(page.getLast().position() + 1);
                }
                return page;
            }
            if (!held.get().isEmpty()) {
                return held.get();
            }
            if (!topUp(fromPosition)) {
                return List.of();
            }
        }
    }

    @Override
    public long headPosition() {
        return Math.max(signal.head(), window.end());
    }

    /**
     * Brings the events from {@code from} into the window when the head is known to be past it: false when there is
     * nothing to bring. One caller at a time reads; the ones waiting meanwhile usually find their events in.
     */
    private boolean topUp(long from) {
        fetching.lock();
        try {
            if (from < window.end()) {
                return true;
            }
            if (signal.head() <= from && !headMoved(from)) {
                return false;
            }
            long end = window.end();
            if (from < end) {
                // This store's own write went in while the head was looked at.
                return true;
            }
            long readFrom = end;
            if (from - end >= fetchSize) {
                // The window lags far behind this reader (no live subscription pulled it along): start it here.
                window.restartAt(from);
                readFrom = from;
            }
            tailReads.incrementAndGet();
            var read = source.readAll(readFrom, fetchSize);
            if (read.isEmpty()) {
                return false;
            }
            window.append(read);
            if (read.size() < fetchSize) {
                // Everything the table holds now: as good as hearing the head.
                lastHeard = System.nanoTime();
            }
            source.advance(read.getLast().position() + 1);
            return true;
        } finally {
            fetching.unlock();
        }
    }

    /** Asks the table for the head when nothing was heard for a while: the listener may be stuck or reconnecting. */
    private boolean headMoved(long from) {
        if (fresh()) {
            return false;
        }
        headReads.incrementAndGet();
        long head = source.head();
        lastHeard = System.nanoTime();
        source.advance(head);
        return head > from;
    }
}
