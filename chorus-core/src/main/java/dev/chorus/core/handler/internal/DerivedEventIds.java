package dev.chorus.core.handler.internal;

import dev.chorus.core.RecordedEvent;
import dev.chorus.core.UuidV7;

/**
 * Ids for the events a handler appends, derived from what caused them rather than drawn at random, so a
 * redelivered handler appends copies under the same ids and idempotent subscribers apply them once. Shaped
 * as version 7 UUIDs stamped with the handled event's time, like every other event id.
 */
final class DerivedEventIds {
    private DerivedEventIds() {}

    static String derive(String handler, RecordedEvent cause, int index) {
        String causeId = cause.eventId().isEmpty() ? "position-" + cause.position() : cause.eventId();
        return UuidV7.derived(cause.recordedAt(), "chorus-handler", handler, causeId, Integer.toString(index))
                .toString();
    }
}
