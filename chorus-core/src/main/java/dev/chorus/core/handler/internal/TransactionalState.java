package dev.chorus.core.handler.internal;

import dev.chorus.core.ValidationError;
import dev.chorus.core.handler.HandlerState;
import dev.chorus.core.state.StateStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** One attempt's view of a handler's state: reads through to the store, writes buffered until the commit. */
final class TransactionalState implements HandlerState {
    private final StateStore store;
    private final String prefix;
    // An empty Optional is a pending delete.
    private final Map<String, Optional<byte[]>> pending = new LinkedHashMap<>();

    TransactionalState(StateStore store, String prefix) {
        this.store = store;
        this.prefix = prefix;
    }

    @Override
    public Optional<byte[]> get(String key) {
        check(key);
        var mine = pending.get(key);
        if (mine != null) {
            return mine.map(byte[]::clone);
        }
        return store.get(prefix + key);
    }

    @Override
    public void put(String key, byte[] value) {
        check(key);
        pending.put(key, Optional.of(Objects.requireNonNull(value, "value").clone()));
    }

    @Override
    public void delete(String key) {
        check(key);
        pending.put(key, Optional.empty());
    }

    List<dev.chorus.core.state.StateWrite> writes() {
        var writes = new ArrayList<dev.chorus.core.state.StateWrite>(pending.size());
        pending.forEach((key, value) -> writes.add(value.isPresent()
                ? dev.chorus.core.state.StateWrite.put(prefix + key, value.get())
                : dev.chorus.core.state.StateWrite.delete(prefix + key)));
        return writes;
    }

    private static void check(String key) {
        if (Objects.requireNonNull(key, "key").isEmpty()) {
            throw new ValidationError("key", "a state key must not be empty");
        }
    }
}
