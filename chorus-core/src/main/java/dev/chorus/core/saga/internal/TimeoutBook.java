package dev.chorus.core.saga.internal;

import dev.chorus.core.saga.PendingTimeout;
import dev.chorus.core.state.StateStore;
import dev.chorus.core.state.StateWrite;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One step's changes to one instance's pending timeouts, as state writes for the step's commit. Reads what
 * is stored once per name and then sees its own changes, so a step that schedules and cancels the same name
 * ends as it should.
 */
final class TimeoutBook {
    private final StateStore state;
    private final SagaKeys keys;
    private final String correlationId;
    private final Map<String, Optional<PendingTimeout>> current = new LinkedHashMap<>();
    private final List<StateWrite> writes = new ArrayList<>();

    TimeoutBook(StateStore state, SagaKeys keys, String correlationId) {
        this.state = state;
        this.keys = keys;
        this.correlationId = correlationId;
    }

    Optional<PendingTimeout> current(String name) {
        return current.computeIfAbsent(name,
                n -> state.get(keys.timer(correlationId, n)).map(TimeoutCodec::decode));
    }

    /** Pending from now on; replaces a pending timeout of the same name. */
    void schedule(PendingTimeout timeout) {
        current(timeout.name()).ifPresent(this::forget);
        byte[] value = TimeoutCodec.encode(timeout);
        writes.add(StateWrite.put(keys.timer(correlationId, timeout.name()), value));
        writes.add(StateWrite.put(keys.due(timeout.dueAt(), timeout.timeoutId()), value));
        current.put(timeout.name(), Optional.of(timeout));
    }

    void cancel(String name) {
        current(name).ifPresent(this::forget);
        current.put(name, Optional.empty());
    }

    /** Every pending timeout of the instance goes: it is finished. */
    void cancelAll() {
        String prefix = keys.timers(correlationId);
        state.forEach(prefix, entry -> current.putIfAbsent(entry.key().substring(prefix.length()),
                Optional.of(TimeoutCodec.decode(entry.value()))));
        for (var name : List.copyOf(current.keySet())) {
            cancel(name);
        }
    }

    List<StateWrite> writes() {
        return writes;
    }

    private void forget(PendingTimeout timeout) {
        writes.add(StateWrite.delete(keys.timer(correlationId, timeout.name())));
        // Usually gone already (deleted when the timeout fired); deleting it again costs nothing.
        writes.add(StateWrite.delete(keys.due(timeout.dueAt(), timeout.timeoutId())));
    }
}
