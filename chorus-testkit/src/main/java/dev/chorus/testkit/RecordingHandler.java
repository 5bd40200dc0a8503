package dev.chorus.testkit;

import dev.chorus.core.RecordedEvent;
import dev.chorus.core.SubscriptionHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Records what a subscription delivers so that a test can wait for it with a deadline instead of sleeping. An
 * optional action runs before each event is recorded; when it throws, the event is not recorded and the
 * subscription fails with that exception.
 */
public final class RecordingHandler implements SubscriptionHandler {
    private final SubscriptionHandler before;
    // A lock rather than a monitor: the subscription's virtual thread must not pin its carrier on Java 21.
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<RecordedEvent> events = new ArrayList<>();
    private final List<Boolean> moreFlags = new ArrayList<>();
    private final List<Long> livePositions = new ArrayList<>();
    private int eventsBeforeLive = -1;

    public RecordingHandler() {
        this(event -> {});
    }

    private RecordingHandler(SubscriptionHandler before) {
        this.before = Objects.requireNonNull(before, "before");
    }

    /** A handler that runs {@code action} on each event before recording it. */
    public static RecordingHandler before(SubscriptionHandler action) {
        return new RecordingHandler(action);
    }

    @Override
    public void onEvent(RecordedEvent event) throws Exception {
        onEvent(event, false);
    }

    @Override
    public void onEvent(RecordedEvent event, boolean more) throws Exception {
        before.onEvent(event);
        lock.lock();
        try {
            events.add(event);
            moreFlags.add(more);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onLive(long position) {
        lock.lock();
        try {
            if (livePositions.isEmpty()) {
                eventsBeforeLive = events.size();
            }
            livePositions.add(position);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until at least {@code count} events arrived and returns all of them; fails the test at the deadline. */
    public List<RecordedEvent> awaitEvents(int count, Duration timeout) {
        awaitUntil(() -> events.size() >= count, timeout, "" + count + " events");
        return events();
    }

    /** Waits for the subscription to go live and returns the position it reported. */
    public long awaitLive(Duration timeout) {
        awaitUntil(() -> !livePositions.isEmpty(), timeout, "the subscription to go live");
        return livePositions().getFirst();
    }

    public List<RecordedEvent> events() {
        lock.lock();
        try {
            return List.copyOf(events);
        } finally {
            lock.unlock();
        }
    }

    public List<Long> positions() {
        return events().stream().map(RecordedEvent::position).toList();
    }

    /** For each recorded event, whether the subscription said it held more ({@code false} when it cannot tell). */
    public List<Boolean> moreFlags() {
        lock.lock();
        try {
            return List.copyOf(moreFlags);
        } finally {
            lock.unlock();
        }
    }

    /** Every position {@code onLive} was called with; a subscription goes live once. */
    public List<Long> livePositions() {
        lock.lock();
        try {
            return List.copyOf(livePositions);
        } finally {
            lock.unlock();
        }
    }

    /** How many events had arrived when the subscription went live, or -1 if it has not. */
    public int eventsBeforeLive() {
        lock.lock();
        try {
            return eventsBeforeLive;
        } finally {
            lock.unlock();
        }
    }

    private void awaitUntil(BooleanSupplier done, Duration timeout, String what) {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (!done.getAsBoolean()) {
                if (nanos <= 0) {
                    throw new AssertionError("waited " + timeout + " for " + what + " but got " + events.size()
                            + " events (last: " + (events.isEmpty() ? "none" : events.getLast()) + ") and live at "
                            + livePositions);
                }
                nanos = changed.awaitNanos(nanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        } finally {
            lock.unlock();
        }
    }
}
