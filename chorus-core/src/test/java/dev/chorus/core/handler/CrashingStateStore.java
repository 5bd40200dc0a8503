package dev.chorus.core.handler;

import dev.chorus.core.state.StateEntry;
import dev.chorus.core.state.StateStore;
import dev.chorus.core.state.StateWrite;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The real in-memory store behind a process that dies: the first commit matching the trigger is not
 * applied, and from then on the "process" does nothing more (every call fails), as if killed mid-commit.
 * The store behind it keeps exactly what was committed before, for a restarted runner to open.
 */
final class CrashingStateStore implements StateStore {
    static final class Crash extends RuntimeException {
        Crash() {
            super("simulated crash before the commit was durable");
        }
    }

    private final StateStore durable;
    private final Predicate<List<StateWrite>> trigger;
    private volatile boolean dead;

    CrashingStateStore(StateStore durable, Predicate<List<StateWrite>> trigger) {
        this.durable = durable;
        this.trigger = trigger;
    }

    boolean crashed() {
        return dead;
    }

    @Override
    public Optional<byte[]> get(String key) {
        alive();
        return durable.get(key);
    }

    @Override
    public List<StateEntry> scan(String prefix, String afterKey, int limit) {
        alive();
        return durable.scan(prefix, afterKey, limit);
    }

    @Override
    public synchronized void commit(List<StateWrite> writes) {
        alive();
        if (trigger.test(writes)) {
            dead = true;
            throw new Crash();
        }
        durable.commit(writes);
    }

    @Override
    public void close() {}

    private void alive() {
        if (dead) {
            throw new Crash();
        }
    }

    /** Whether the commit writes the key. */
    static Predicate<List<StateWrite>> writing(String key) {
        return writes -> writes.stream().anyMatch(w -> w instanceof StateWrite.Put put && put.key().equals(key));
    }

    static Predicate<List<StateWrite>> writingKeyStartingWith(String prefix) {
        return writes -> writes.stream().anyMatch(w -> w instanceof StateWrite.Put put && put.key().startsWith(prefix));
    }
}
