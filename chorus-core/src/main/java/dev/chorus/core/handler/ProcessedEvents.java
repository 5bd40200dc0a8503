package dev.chorus.core.handler;

import dev.chorus.core.RecordedEvent;
import dev.chorus.core.state.StateStore;
import dev.chorus.core.state.StateWrite;
import java.util.Objects;

/**
 * The idempotency helper: the ids of the events a subscriber has applied, kept with its state under
 * {@code <namespace>/processed/<eventId>}. Delivery is at least once; commit {@link #mark} in the same
 * {@link StateStore#commit} as the event's effects and skip an event that {@link #contains}, and the
 * effects happen exactly once, even for an event appended twice under one id (as a handler's output is
 * when it is redelivered).
 */
public final class ProcessedEvents {
    private static final byte[] EMPTY = new byte[0];
    private final String prefix;

    private ProcessedEvents(String namespace) {
        this.prefix = Objects.requireNonNull(namespace, "namespace") + "/processed/";
    }

    /** For handlers the namespace is {@code handler/<name>}. */
    public static ProcessedEvents in(String namespace) {
        return new ProcessedEvents(namespace);
    }

    public String key(RecordedEvent event) {
        // Stores always stamp an id; the position stands in for one from a store that does not.
        return prefix + (event.eventId().isEmpty() ? "position-" + event.position() : event.eventId());
    }

    public boolean contains(StateStore state, RecordedEvent event) {
        return state.get(key(event)).isPresent();
    }

    public StateWrite mark(RecordedEvent event) {
        return StateWrite.put(key(event), EMPTY);
    }
}
