package dev.chorus.core.context;

import dev.chorus.core.Metadata;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.ValidationError;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Why something is being written, passed explicitly (never through a ThreadLocal): the correlation id of
 * the whole conversation, the id of the message that caused this one, and the W3C traceparent. Events
 * appended under a context carry it in their metadata.
 */
public record MessageContext(Optional<String> correlationId, Optional<String> causationId,
                             Optional<String> traceparent) {
    public MessageContext {
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(causationId, "causationId");
        Objects.requireNonNull(traceparent, "traceparent");
        correlationId.ifPresent(id -> requireText("correlationId", id));
        causationId.ifPresent(id -> requireText("causationId", id));
    }

    private static final MessageContext ROOT = new MessageContext(Optional.empty(), Optional.empty(), Optional.empty());

    /** The start of a conversation: the first event written becomes its own correlation and causation. */
    public static MessageContext root() {
        return ROOT;
    }

    /** A conversation with a chosen correlation id (an order id, say), not yet caused by a stored event. */
    public static MessageContext correlatedBy(String correlationId) {
        return new MessageContext(Optional.of(correlationId), Optional.empty(), Optional.empty());
    }

    /** What is written while handling {@code event}: same correlation, caused by that event. */
    public static MessageContext causedBy(RecordedEvent event) {
        return new MessageContext(Optional.of(event.correlationId()), Optional.of(event.eventId()), event.traceparent());
    }

    public MessageContext withTraceparent(String traceparent) {
        return new MessageContext(correlationId, causationId, Optional.of(traceparent));
    }

    /** The metadata an event appended under this context carries (the store fills in what is absent). */
    public Map<String, String> metadata() {
        var metadata = new HashMap<String, String>(4);
        correlationId.ifPresent(id -> metadata.put(Metadata.CORRELATION_ID, id));
        causationId.ifPresent(id -> metadata.put(Metadata.CAUSATION_ID, id));
        traceparent.ifPresent(tp -> metadata.put(Metadata.TRACEPARENT, tp));
        return metadata;
    }

    private static void requireText(String field, String value) {
        if (value.isBlank()) {
            throw new ValidationError(field, field + " must not be blank");
        }
    }
}
