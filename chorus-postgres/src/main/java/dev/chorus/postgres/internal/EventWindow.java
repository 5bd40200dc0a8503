package dev.chorus.postgres.internal;

import dev.chorus.core.RecordedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The most recent events of the table, held in memory: every position from {@link #start()} up to {@link #end()},
 * none missing, at most {@code maxEvents} of them and about {@code maxBytes} of data. Only committed events go in,
 * so what it holds is exactly what the table holds at those positions; the oldest fall out as new ones arrive.
 */
public final class EventWindow {
    private final RecordedEvent[] ring;
    private final long maxBytes;
    private long start;
    private long end;
    private long bytes;

    public EventWindow(long start, int maxEvents, long maxBytes) {
        this.ring = new RecordedEvent[maxEvents];
        this.maxBytes = maxBytes;
        this.start = start;
        this.end = start;
    }

    public synchronized long start() {
        return start;
    }

    /** The position after the last event held: everything below it, down to {@link #start()}, is here. */
    public synchronized long end() {
        return end;
    }

    /**
     * Up to {@code maxCount} events from {@code from} (immutable, shared with every reader): empty when
     * {@code from} is at or beyond the end; absent when {@code from} is below the window, which must be read from the
     * table.
     */
    public synchronized Optional<List<RecordedEvent>> slice(long from, int maxCount) {
        if (from < start) {
            return Optional.empty();
        }
        int count = (int) Math.max(0, Math.min(maxCount, end - from));
        var events = new ArrayList<RecordedEvent>(count);
        for (long p = from; p < from + count; p++) {
            events.add(ring[slot(p)]);
        }
        return Optional.of(events);
    }

    /**
     * Adds the events of {@code committed} (consecutive positions, as read from the table or just written) that
     * follow the end; ones already held are passed over, and nothing is added when they would leave a gap.
     */
    public synchronized void append(List<RecordedEvent> committed) {
        for (var event : committed) {
            if (event.position() < end) {
                continue;
            }
            if (event.position() > end) {
                return;
            }
            if (end - start == ring.length) {
                dropOldest();
            }
            ring[slot(end)] = event;
            bytes += size(event);
            end++;
            while (bytes > maxBytes && start < end) {
                dropOldest();
            }
        }
    }

    /** Forgets what is held and starts again, empty, at {@code position}, which must be at or beyond the end. */
    public synchronized void restartAt(long position) {
        if (position < end) {
            throw new IllegalArgumentException("the window ends at " + end + "; cannot restart at " + position);
        }
        while (start < end) {
            dropOldest();
        }
        start = position;
        end = position;
    }

    private void dropOldest() {
        int slot = slot(start);
        bytes -= size(ring[slot]);
        ring[slot] = null;
        start++;
    }

    private int slot(long position) {
        return (int) (position % ring.length);
    }

    private static long size(RecordedEvent event) {
        return event.dataSize() + 256L;
    }
}
