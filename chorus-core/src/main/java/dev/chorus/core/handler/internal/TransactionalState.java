package dev.chorus.core.handler.internal;

import dev.chorus.core.LimitExceeded;
import dev.chorus.core.ValidationError;
import dev.chorus.core.handler.HandlerState;
import dev.chorus.core.state.StateKeys;
import dev.chorus.core.state.StateStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One attempt's view of a handler's state: its own writes first, then those of the batch's earlier events that
 * are not committed yet, then the store. Writes are buffered; the runner adds them to the batch if the attempt
 * succeeds.
 */
final class TransactionalState implements HandlerState {
    private final StateStore store;
    private final PendingCommit batch;
    private final String prefix;
    // An empty Optional is a pending delete.
    private final Map<String, Optional<byte[]>> pending = new LinkedHashMap<>();
    private final long maxBytes;
    private long bytes;

    /** {@code maxBytes}: the most one event may write, as {@link StateStore#commitBytes} counts it. */
    TransactionalState(StateStore store, PendingCommit batch, String prefix, long maxBytes) {
        this.store = store;
        this.batch = batch;
        this.prefix = prefix;
        this.maxBytes = maxBytes;
    }

    @Override
    public Optional<byte[]> get(String key) {
        check(key);
        var mine = pending.get(key);
        if (mine != null) {
            return mine.map(byte[]::clone);
        }
        var pending = batch.lookup(prefix + key);
        return pending.isPresent() ? pending.get() : store.get(prefix + key);
    }

    @Override
    public void put(String key, byte[] value) {
        check(key);
        if (Objects.requireNonNull(value, "value").length > StateStore.MAX_VALUE_BYTES) {
            throw new LimitExceeded("state value bytes", StateStore.MAX_VALUE_BYTES, value.length);
        }
        record(key, Optional.of(value.clone()));
    }

    @Override
    public void delete(String key) {
        check(key);
        record(key, Optional.empty());
    }

    /** Keeps the write, refusing one that takes what this event writes past what a commit of its batch can hold. */
    private void record(String key, Optional<byte[]> value) {
        var before = pending.get(key);
        long after = bytes - (before == null ? 0 : weight(key, before)) + weight(key, value);
        if (after > maxBytes) {
            throw new LimitExceeded("state bytes one event writes", maxBytes, after);
        }
        pending.put(key, value);
        bytes = after;
    }

    private long weight(String key, Optional<byte[]> value) {
        return StateStore.writeBytes(prefix.length() + key.length(), value.map(v -> v.length).orElse(0));
    }

    List<dev.chorus.core.state.StateWrite> writes() {
        var writes = new ArrayList<dev.chorus.core.state.StateWrite>(pending.size());
        pending.forEach((key, value) -> writes.add(value.isPresent()
                ? dev.chorus.core.state.StateWrite.put(prefix + key, value.get())
                : dev.chorus.core.state.StateWrite.delete(prefix + key)));
        return writes;
    }

    /**
     * The store's key rules, applied here so that a key the store would refuse fails the attempt (the event is
     * dead-lettered) instead of the batch's commit (which would stop the handler, and again on every restart).
     */
    private void check(String key) {
        if (Objects.requireNonNull(key, "key").isEmpty()) {
            throw new ValidationError("key", "a state key must not be empty");
        }
        StateKeys.check("key", prefix, key);
    }
}
