package dev.chorus.core.codec;

import dev.chorus.core.EventType;
import dev.chorus.core.RecordedEvent;

/**
 * Maps domain events of type {@code E} (usually a sealed interface of records) to stored events and back.
 * Implemented in {@code chorus-json}; the core never sees a serialisation library.
 */
public interface EventCodec<E> {
    EncodedEvent encode(E event);

    /**
     * Decodes a stored event, upcasting older schema versions to today's record.
     *
     * @throws UnknownEventType when no registered type matches the stored name
     */
    E decode(RecordedEvent event);

    /** Whether {@link #decode} knows this stored type name; a subscriber may skip the others. */
    boolean knows(String typeName);

    /** Whether {@link #decode} can read this name at this schema version; by default, whether it knows the name. */
    default boolean canDecode(EventType type) {
        return knows(type.name());
    }
}
