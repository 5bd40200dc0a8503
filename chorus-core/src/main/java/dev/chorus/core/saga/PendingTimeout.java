package dev.chorus.core.saga;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A timeout a saga instance scheduled and that has not been handled or cancelled yet.
 *
 * @param correlationId the conversation (saga instance) it belongs to
 * @param name          the name the saga gave it
 * @param timeoutId     unique per scheduling: a rescheduled name gets a new id, so a stale firing is ignored
 * @param dueAt         when it comes due
 * @param scheduledBy   the event id of the fact whose handling scheduled it; its firing is caused by that fact
 * @param traceparent   that fact's W3C traceparent, which its firing carries on
 */
public record PendingTimeout(String correlationId, String name, String timeoutId, Instant dueAt,
                             String scheduledBy, Optional<String> traceparent) {
    public PendingTimeout {
        Objects.requireNonNull(correlationId, "correlationId");
        TimeoutNames.validate(name);
        Objects.requireNonNull(timeoutId, "timeoutId");
        Objects.requireNonNull(dueAt, "dueAt");
        Objects.requireNonNull(scheduledBy, "scheduledBy");
        Objects.requireNonNull(traceparent, "traceparent");
    }
}
