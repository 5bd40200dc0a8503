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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the lineage index beside the log: a conversation's events in chunks of up to
 * {@value LineageKeys#CHUNK_NODES} nodes, each under its conversation and the position of its first event
 * ({@code lineage/<correlation>/<position>}), with the index's checkpoint ({@code checkpoint/lineage}) in the same
 * commit, so that {@link Lineage#indexed} reads a conversation without reading the log. A conversation's chunk
 * grows while the conversation is among the {@value #OPEN_CONVERSATIONS} most recently indexed; after that, or
 * after a restart, its next event begins a new chunk, whose key no committed entry has (committed chunks begin
 * below the checkpoint), so indexing again after a crash changes nothing. One entry per conversation rather than
 * one per event keeps the store's map, which lives on the heap, small.
 *
 * <p>{@link #catchUp()} indexes what is in the log on the caller's thread, a page per commit;
 * {@link #start()} follows the log on a virtual thread, a page per commit while catching up and, once live, one
 * commit for what arrived within {@link #LINGER} of the first uncommitted event (or {@value #BATCH} events).
 */
public final class LineageIndex implements AutoCloseable {
    /** The subscriber name of the index's checkpoint. */
    public static final String CHECKPOINT = "lineage";
    private static final int BATCH = 256;
    /**
     * Once live, how long events wait for company before they are committed: a conversation's events arrive a few
     * milliseconds apart, and committing each page alone rewrote its chunk once per event.
     */
    static final Duration LINGER = Duration.ofMillis(10);
    private static final Executor LATER = CompletableFuture.delayedExecutor(LINGER.toNanos(), TimeUnit.NANOSECONDS,
            runnable -> Thread.ofVirtual().name("chorus-lineage-flush").start(runnable));
    static final int OPEN_CONVERSATIONS = 1024;

    private final EventStore events;
    private final StateStore state;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition advanced = lock.newCondition();
    /** The chunks still growing, by correlation id, least recently indexed first. */
    private final LinkedHashMap<String, LineageKeys.Chunk> open = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, LineageKeys.Chunk> eldest) {
            return size() > OPEN_CONVERSATIONS;
        }
    };
    /** The chunks changed since the last commit. */
    private final Set<LineageKeys.Chunk> changed = new LinkedHashSet<>();
    private int unflushed;
    private boolean flushDue;
    private boolean closed;
    /** A lingering commit that failed: the subscription stops on it at its next event, as it would have then. */
    private @Nullable RuntimeException failure;
    private long next;
    private volatile long committed;
    private boolean live;
    private @Nullable Subscription subscription;

    private LineageIndex(EventStore events, StateStore state) {
        this.events = events;
        this.state = state;
        this.next = Checkpoints.loadWithinHead(state, CHECKPOINT, events);
        this.committed = next;
    }

    public static LineageIndex open(EventStore events, StateStore state) {
        return new LineageIndex(Objects.requireNonNull(events, "events"), Objects.requireNonNull(state, "state"));
    }

    /**
     * Indexes every event up to the log's head, and commits what a started index holds back in its linger; returns
     * how many it indexed.
     */
    public int catchUp() {
        int indexed = 0;
        while (true) {
            lock.lock();
            try {
                var page = events.readAll(next, BATCH);
                if (page.isEmpty()) {
                    flush();
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
            closed = true;
            running = subscription;
        } finally {
            lock.unlock();
        }
        if (running != null) {
            running.close();
        }
    }

    private void add(RecordedEvent event) {
        var chunk = open.get(event.correlationId());
        if (chunk == null || chunk.isFull()) {
            chunk = new LineageKeys.Chunk(event);
            open.put(event.correlationId(), chunk);
        }
        chunk.add(event);
        changed.add(chunk);
        next = event.position() + 1;
        if (++unflushed >= BATCH) {
            flush();
        }
    }

    private void flush() {
        if (unflushed > 0) {
            var writes = new ArrayList<StateWrite>(changed.size() + 1);
            for (var chunk : changed) {
                writes.add(StateWrite.put(chunk.key(), chunk.bytes()));
            }
            writes.add(Checkpoints.save(CHECKPOINT, next));
            state.commit(writes);
            changed.clear();
            unflushed = 0;
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
                if (failure != null) {
                    throw failure;
                }
                if (event.position() == next) {
                    add(event);
                }
                if (live && !more && unflushed > 0 && !flushDue) {
                    flushDue = true;
                    LATER.execute(this::lingered);
                }
            } finally {
                lock.unlock();
            }
        }

        private void lingered() {
            lock.lock();
            try {
                flushDue = false;
                if (!closed && failure == null) {
                    flush();
                }
            } catch (RuntimeException e) {
                failure = e;
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
