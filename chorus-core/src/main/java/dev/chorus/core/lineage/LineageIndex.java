package dev.chorus.core.lineage;

import dev.chorus.core.EventStore;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.Subscription;
import dev.chorus.core.SubscriptionHandler;
import dev.chorus.core.lineage.internal.LineageKeys;
import dev.chorus.core.state.Checkpoints;
import dev.chorus.core.state.StateStore;
import dev.chorus.core.state.StateWrite;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the lineage index beside the log: one small entry per event under its conversation
 * ({@code lineage/<correlation>/<position>}), with its checkpoint ({@code checkpoint/lineage}) in the same
 * commit, so that {@link Lineage#indexed} reads a conversation without reading the log. Entries are put by
 * position, so writing one twice (after a crash) changes nothing.
 *
 * <p>{@link #catchUp()} indexes what is in the log on the caller's thread, a page per commit;
 * {@link #start()} follows the log on a virtual thread, a page per commit while catching up and, once live, one
 * commit for the events its subscription has in hand (one event when it keeps up).
 */
public final class LineageIndex implements AutoCloseable {
    /** The subscriber name of the index's checkpoint. */
    public static final String CHECKPOINT = "lineage";
    private static final int BATCH = 256;

    private final EventStore events;
    private final StateStore state;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition advanced = lock.newCondition();
    private final List<StateWrite> pending = new ArrayList<>();
    private long next;
    private volatile long committed;
    private boolean live;
    private @Nullable Subscription subscription;

    private LineageIndex(EventStore events, StateStore state) {
        this.events = events;
        this.state = state;
        this.next = Checkpoints.load(state, CHECKPOINT);
        this.committed = next;
    }

    public static LineageIndex open(EventStore events, StateStore state) {
        return new LineageIndex(Objects.requireNonNull(events, "events"), Objects.requireNonNull(state, "state"));
    }

    /** Indexes every event up to the log's head; returns how many it indexed. */
    public int catchUp() {
        int indexed = 0;
        while (true) {
            lock.lock();
            try {
                var page = events.readAll(next, BATCH);
                if (page.isEmpty()) {
                    return indexed;
                }
                for (RecordedEvent event : page) {
                    if (event.position() == next) {
                        add(event);
                        indexed++;
                    }
                }
                flush();
            } finally {
                lock.unlock();
            }
        }
    }

    public LineageIndex start() {
        lock.lock();
        try {
            if (subscription != null) {
                throw new IllegalStateException("the lineage index is already started");
            }
            subscription = events.subscribe(next, new Follower());
            return this;
        } finally {
            lock.unlock();
        }
    }

    /** The position of the next event to index; the index holds every event before it. */
    public long position() {
        return committed;
    }

    public boolean awaitPosition(long position, Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (committed < position) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = advanced.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    public LineageGraph graph(String correlationId) {
        return Lineage.indexed(state, correlationId);
    }

    /** Completes when closed; fails when the subscription had to stop (a store failed). Empty before start. */
    public CompletableFuture<Void> completion() {
        var running = subscription;
        return running == null ? CompletableFuture.completedFuture(null) : running.completion();
    }

    @Override
    public void close() {
        Subscription running;
        lock.lock();
        try {
            running = subscription;
        } finally {
            lock.unlock();
        }
        if (running != null) {
            running.close();
        }
    }

    private void add(RecordedEvent event) {
        pending.add(StateWrite.put(LineageKeys.node(event), LineageKeys.encode(event)));
        next = event.position() + 1;
        if (pending.size() >= BATCH) {
            flush();
        }
    }

    private void flush() {
        if (!pending.isEmpty()) {
            pending.add(Checkpoints.save(CHECKPOINT, next));
            state.commit(List.copyOf(pending));
            pending.clear();
            committed = next;
            advanced.signalAll();
        }
    }

    private final class Follower implements SubscriptionHandler {
        @Override
        public void onEvent(RecordedEvent event) {
            onEvent(event, false);
        }

        @Override
        public void onEvent(RecordedEvent event, boolean more) {
            lock.lock();
            try {
                if (event.position() == next) {
                    add(event);
                }
                if (live && !more) {
                    flush();
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void onLive(long position) {
            lock.lock();
            try {
                live = true;
                flush();
            } finally {
                lock.unlock();
            }
        }
    }
}
