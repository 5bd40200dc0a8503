package dev.chorus.core.handler;

import dev.chorus.core.state.Checkpoints;
import dev.chorus.core.state.StateEntry;
import dev.chorus.core.state.StateStore;
import dev.chorus.core.state.StateWrite;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A real state store that records every commit it is given, in order. {@link #holdCommits} makes the next
 * commits wait (before they apply) until {@link #release}, so a test can look at a handler while its commit is
 * not durable yet.
 */
public final class CountingStateStore implements StateStore {
    private final StateStore durable;
    private final List<List<StateWrite>> commits = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch entered = new CountDownLatch(0);
    private volatile CountDownLatch gate = new CountDownLatch(0);

    public CountingStateStore(StateStore durable) {
        this.durable = durable;
    }

    @Override
    public Optional<byte[]> get(String key) {
        return durable.get(key);
    }

    @Override
    public List<StateEntry> scan(String prefix, String afterKey, int limit) {
        return durable.scan(prefix, afterKey, limit);
    }

    @Override
    public void commit(List<StateWrite> writes) {
        entered.countDown();
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while held", e);
        }
        durable.commit(writes);
        commits.add(List.copyOf(writes));
    }

    @Override
    public void close() {}

    /** From now on a commit waits until {@link #release}; the returned latch opens when one has arrived. */
    public CountDownLatch holdCommits() {
        var arrived = new CountDownLatch(1);
        entered = arrived;
        gate = new CountDownLatch(1);
        return arrived;
    }

    public void release() {
        gate.countDown();
    }

    /** How many writes each applied commit held, in order. */
    public List<Integer> commitSizes() {
        return commits.stream().map(List::size).toList();
    }

    /** The commits applied that moved {@code handler}'s checkpoint, each as the checkpoint it wrote. */
    public List<Long> checkpointsCommitted(String handler) {
        String key = Checkpoints.key("handler/" + handler);
        return commits.stream()
                .flatMap(writes -> writes.stream()
                        .filter(w -> w instanceof StateWrite.Put put && put.key().equals(key))
                        .map(w -> ByteBuffer.wrap(((StateWrite.Put) w).value()).getLong()))
                .toList();
    }

    /** The applied commits that hold a write to a key starting with {@code prefix}. */
    public List<List<StateWrite>> commitsWriting(String prefix) {
        return commits.stream()
                .filter(writes -> writes.stream().anyMatch(w -> switch (w) {
                    case StateWrite.Put put -> put.key().startsWith(prefix);
                    case StateWrite.Delete delete -> delete.key().startsWith(prefix);
                    case StateWrite.DeletePrefix deletePrefix -> deletePrefix.prefix().startsWith(prefix);
                }))
                .toList();
    }
}
