package dev.chorus.core.decider;

import dev.chorus.core.AppendResult;
import dev.chorus.core.EventStore;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.core.ReadDirection;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.Subscription;
import dev.chorus.core.SubscriptionFilter;
import dev.chorus.core.SubscriptionHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real store with a rival writer in front of it: before each of the next {@code n} appends, the rival
 * appends to the real store first, exactly where a concurrent writer would sneak in between a command's
 * read and its append. Also records what every append expected.
 */
final class RivalStore implements EventStore {
    record Attempt(String streamId, ExpectedVersion expected) {}

    private final EventStore store;
    private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    private final AtomicInteger interferences = new AtomicInteger();
    private volatile Runnable rival = () -> {};
    private volatile long visibleBelow = Long.MAX_VALUE;
    private final AtomicInteger streamReads = new AtomicInteger();

    RivalStore(EventStore store) {
        this.store = store;
    }

    /** Before each of the next {@code times} appends, {@code rival} runs (and appends to the real store). */
    void interfere(int times, Runnable rival) {
        interferences.set(times);
        this.rival = rival;
    }

    /**
     * Readers stop seeing events from the current head on, as with a durable store whose writer has written
     * (and checks versions against) events it has not fsync'd and shown yet.
     */
    void hideNewWrites() {
        visibleBelow = store.headPosition();
    }

    void showAll() {
        visibleBelow = Long.MAX_VALUE;
    }

    /** How many times a stream was read. */
    int streamReads() {
        return streamReads.get();
    }

    List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    @Override
    public AppendResult append(String streamId, ExpectedVersion expected, List<NewEvent> events) {
        attempts.add(new Attempt(streamId, expected));
        if (interferences.getAndDecrement() > 0) {
            rival.run();
        }
        return store.append(streamId, expected, events);
    }

    @Override
    public List<RecordedEvent> readStream(String streamId, ReadDirection direction, long fromVersion, int maxCount) {
        streamReads.incrementAndGet();
        long visible = visibleBelow;
        return store.readStream(streamId, direction, fromVersion, maxCount).stream()
                .filter(event -> event.position() < visible).toList();
    }

    @Override
    public long streamVersion(String streamId) {
        long visible = visibleBelow;
        var stream = store.readStream(streamId).stream().filter(event -> event.position() < visible).toList();
        return stream.isEmpty() ? ExpectedVersion.NO_STREAM_VERSION : stream.getLast().version();
    }

    @Override
    public List<RecordedEvent> readAll(long fromPosition, int maxCount) {
        return store.readAll(fromPosition, maxCount);
    }

    @Override
    public long headPosition() {
        return store.headPosition();
    }

    @Override
    public Subscription subscribe(long fromPosition, SubscriptionFilter filter, SubscriptionHandler handler) {
        return store.subscribe(fromPosition, filter, handler);
    }

    @Override
    public void close() {
        store.close();
    }
}
