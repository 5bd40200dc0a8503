package dev.chorus.core.memory;

import dev.chorus.core.AppendPreparation;
import dev.chorus.core.AppendResult;
import dev.chorus.core.ConcurrencyConflict;
import dev.chorus.core.EventImporter;
import dev.chorus.core.EventStore;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.ImportedEvent;
import dev.chorus.core.NewEvent;
import dev.chorus.core.QueuedAppender;
import dev.chorus.core.ReadDirection;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.StoreClosed;
import dev.chorus.core.StoreLimits;
import dev.chorus.core.StreamIds;
import dev.chorus.core.Subscription;
import dev.chorus.core.SubscriptionFilter;
import dev.chorus.core.SubscriptionHandler;
import dev.chorus.core.ValidationError;
import dev.chorus.core.internal.CatchUpSubscription;
import dev.chorus.core.internal.HeadSignal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The reference implementation of the store ports, held in memory. Passes the same conformance kit. As an
 * {@link EventImporter} it keeps an imported event's id and metadata but for recorded-at, which it stamps from its
 * own clock as for any append (the one the event came with is kept under {@link EventImporter#ORIGIN_RECORDED_AT}), and skips
 * an id it already holds.
 */
public final class InMemoryEventStore implements EventStore, EventImporter, QueuedAppender {
    private final AppendPreparation preparation;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final List<RecordedEvent> all = new ArrayList<>();
    private final Map<String, List<RecordedEvent>> streams = new HashMap<>();
    private final Set<String> eventIds = new HashSet<>();
    private final HeadSignal signal = new HeadSignal(0);
    private volatile boolean closed;

    public InMemoryEventStore() {
        this(Clock.systemUTC(), StoreLimits.DEFAULT);
    }

    public InMemoryEventStore(Clock clock, StoreLimits limits) {
        this.preparation = new AppendPreparation(limits, clock);
    }

    @Override
    public AppendResult append(String streamId, ExpectedVersion expected, List<NewEvent> events) {
        return append(streamId, expected, events, false);
    }

    /** Appends at once (memory has no fsync to share), so the future is complete when this returns. */
    @Override
    public CompletableFuture<AppendResult> appendQueued(String streamId, ExpectedVersion expected,
                                                        List<NewEvent> events,
                                                        Optional<CompletableFuture<AppendResult>> after) {
        boolean afterRefused = after.isPresent() && after.get().isCompletedExceptionally();
        try {
            return CompletableFuture.completedFuture(append(streamId, expected, events, afterRefused));
        } catch (ConcurrencyConflict refused) {
            return CompletableFuture.failedFuture(refused);
        }
    }

    private AppendResult append(String streamId, ExpectedVersion expected, List<NewEvent> events, boolean refuse) {
        var prepared = preparation.prepare(streamId, expected, events);
        lock.writeLock().lock();
        try {
            ensureOpen();
            var stream = streams.get(streamId);
            long actual = stream == null ? ExpectedVersion.NO_STREAM_VERSION : stream.size() - 1;
            if (refuse || !expected.isSatisfiedBy(actual)) {
                throw new ConcurrencyConflict(streamId, expected, actual);
            }
            if (stream == null) {
                stream = new ArrayList<>();
                streams.put(streamId, stream);
            }
            long first = all.size();
            for (NewEvent event : prepared) {
                add(streamId, stream, event);
            }
            signal.advance(all.size());
            return new AppendResult(streamId, first, all.size() - 1, stream.size() - 1);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public int importEvents(List<ImportedEvent> events) {
        var prepared = preparation.prepareImport(events);
        lock.writeLock().lock();
        try {
            ensureOpen();
            int added = 0;
            for (ImportedEvent imported : prepared) {
                if (eventIds.contains(imported.eventId())) {
                    continue;
                }
                add(imported.streamId(), streams.computeIfAbsent(imported.streamId(), id -> new ArrayList<>()),
                        imported.event());
                added++;
            }
            if (added > 0) {
                signal.advance(all.size());
            }
            return added;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void add(String streamId, List<RecordedEvent> stream, NewEvent event) {
        // Copied in (a caller changing its array must not rewrite history); the immutable event is then shared out.
        var recorded = new RecordedEvent(all.size(), streamId, stream.size(), event.type(), event.data().clone(),
                event.metadata());
        all.add(recorded);
        stream.add(recorded);
        eventIds.add(recorded.eventId());
    }

    @Override
    public List<RecordedEvent> readStream(String streamId, ReadDirection direction, long fromVersion, int maxCount) {
        StreamIds.validate(streamId, preparation.limits().maxStreamIdLength());
        checkPaging("fromVersion", fromVersion, maxCount);
        lock.readLock().lock();
        try {
            ensureOpen();
            var stream = streams.getOrDefault(streamId, List.of());
            var page = new ArrayList<RecordedEvent>();
            if (direction == ReadDirection.FORWARD) {
                for (long v = fromVersion; v < stream.size() && page.size() < maxCount; v++) {
                    page.add(stream.get((int) v));
                }
            } else {
                for (long v = Math.min(fromVersion, stream.size() - 1L); v >= 0 && page.size() < maxCount; v--) {
                    page.add(stream.get((int) v));
                }
            }
            return page;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public long streamVersion(String streamId) {
        lock.readLock().lock();
        try {
            ensureOpen();
            var stream = streams.get(streamId);
            return stream == null ? ExpectedVersion.NO_STREAM_VERSION : stream.size() - 1;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<RecordedEvent> readAll(long fromPosition, int maxCount) {
        checkPaging("fromPosition", fromPosition, maxCount);
        lock.readLock().lock();
        try {
            ensureOpen();
            if (fromPosition >= all.size()) {
                return List.of();
            }
            int to = (int) Math.min(all.size(), fromPosition + maxCount);
            return List.copyOf(all.subList((int) fromPosition, to));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public long headPosition() {
        return signal.head();
    }

    @Override
    public Subscription subscribe(long fromPosition, SubscriptionFilter filter, SubscriptionHandler handler) {
        ensureOpen();
        return CatchUpSubscription.start(this, signal, fromPosition, filter, handler);
    }

    @Override
    public void close() {
        closed = true;
        signal.close();
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreClosed("this in-memory store is closed");
        }
    }

    static void checkPaging(String field, long from, int maxCount) {
        if (from < 0) {
            throw new ValidationError(field, field + " is 0 or more; got " + from);
        }
        if (maxCount <= 0) {
            throw new ValidationError("maxCount", "maxCount is 1 or more; got " + maxCount);
        }
    }
}
