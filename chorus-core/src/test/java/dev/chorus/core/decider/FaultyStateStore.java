package dev.chorus.core.decider;

import dev.chorus.core.memory.InMemoryStateStore;
import dev.chorus.core.state.StateEntry;
import dev.chorus.core.state.StateStore;
import dev.chorus.core.state.StateWrite;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** The real in-memory state store, with a switch that makes its commits fail and a count of those that did not. */
final class FaultyStateStore implements StateStore {
    private final InMemoryStateStore store = new InMemoryStateStore();
    private final AtomicInteger commits = new AtomicInteger();
    private volatile boolean failing;

    void failCommits() {
        failing = true;
    }

    int commits() {
        return commits.get();
    }

    @Override
    public Optional<byte[]> get(String key) {
        return store.get(key);
    }

    @Override
    public List<StateEntry> scan(String prefix, String afterKey, int limit) {
        return store.scan(prefix, afterKey, limit);
    }

    @Override
    public void commit(List<StateWrite> writes) {
        if (failing) {
            throw new IllegalStateException("this state store is failing on purpose");
        }
        store.commit(writes);
        commits.incrementAndGet();
    }

    @Override
    public void close() {
        store.close();
    }
}
