package dev.chorus.core.projection;

import dev.chorus.core.memory.InMemoryStateStore;
import dev.chorus.core.state.StateEntry;
import dev.chorus.core.state.StateStore;
import dev.chorus.core.state.StateWrite;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real in-memory state store whose chosen commits fail before anything is applied, as if the process died
 * while committing, and which records every commit that went through and counts its reads.
 */
final class FlakyStateStore implements StateStore {
    static final class SimulatedCrash extends RuntimeException {
        SimulatedCrash(int commit) {
            super("simulated crash during commit #" + commit);
        }
    }

    private final InMemoryStateStore store = new InMemoryStateStore();
    private final Set<Integer> failing = ConcurrentHashMap.newKeySet();
    private final List<List<StateWrite>> committed = new ArrayList<>();
    private int commits;
    private final java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();

    /** Makes the {@code n}th commit from now (1 = the next) fail. */
    FlakyStateStore failCommit(int n) {
        synchronized (this) {
            failing.add(commits + n);
        }
        return this;
    }

    /** How many times {@link #get} was called. */
    int reads() {
        return reads.get();
    }

    synchronized List<List<StateWrite>> committed() {
        return List.copyOf(committed);
    }

    @Override
    public Optional<byte[]> get(String key) {
        reads.incrementAndGet();
        return store.get(key);
    }

    @Override
    public List<StateEntry> scan(String prefix, String afterKey, int limit) {
        return store.scan(prefix, afterKey, limit);
    }

    @Override
    public void commit(List<StateWrite> writes) {
        synchronized (this) {
            commits++;
            if (failing.remove(commits)) {
                throw new SimulatedCrash(commits);
            }
            store.commit(writes);
            committed.add(List.copyOf(writes));
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
