package dev.chorus.core.saga.internal;

import dev.chorus.core.state.StateEntry;
import dev.chorus.core.state.StateStore;
import dev.chorus.core.state.StateWrite;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The saga's state store while its runner owns the saga's name. Once the name is given back another runner may own
 * the data, so a step still in flight then (on a catch-up caller's thread, or one that outlived the subscription's
 * join) commits nothing over it: its fact is redelivered to that runner instead.
 */
final class OwnedState implements StateStore {
    private final StateStore store;
    // A lock, not a monitor: a commit may wait for an fsync on a virtual thread.
    private final ReentrantLock guard = new ReentrantLock();
    private boolean released;

    OwnedState(StateStore store) {
        this.store = store;
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
    public long maxCommitBytes() {
        return store.maxCommitBytes();
    }

    @Override
    public void commit(List<StateWrite> writes) {
        whileOwned(() -> store.commit(writes));
    }

    @Override
    public void commitIf(String key, byte[] expected, List<StateWrite> writes) {
        whileOwned(() -> store.commitIf(key, expected, writes));
    }

    private void whileOwned(Runnable commit) {
        guard.lock();
        try {
            if (released) {
                throw new Stopping();
            }
            commit.run();
        } finally {
            guard.unlock();
        }
    }

    /** From here on nothing is committed; a commit in flight ends first. */
    void release() {
        guard.lock();
        try {
            released = true;
        } finally {
            guard.unlock();
        }
    }

    /** The store is the caller's: it stays open. */
    @Override
    public void close() {}
}
