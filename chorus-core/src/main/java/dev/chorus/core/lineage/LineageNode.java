package dev.chorus.core.lineage;

import dev.chorus.core.EventType;
import dev.chorus.core.RecordedEvent;
import java.time.Instant;
import java.util.Objects;

/**
 * One event of a conversation, as much of it as lineage needs: what it is, where it sits in the log, when it
 * was recorded, and the id of the message that caused it (its own id for the root of a conversation).
 */
public record LineageNode(String eventId, EventType type, String streamId, long position, Instant recordedAt,
                          String causationId) {
    public LineageNode {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(causationId, "causationId");
    }

    public static LineageNode of(RecordedEvent event) {
        return new LineageNode(event.eventId(), event.type(), event.streamId(), event.position(),
                event.recordedAt(), event.causationId());
    }
}
