package dev.chorus.core.handler;

import dev.chorus.core.EventType;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.ValidationError;
import java.time.Instant;
import java.util.Objects;

/**
 * An event a subscriber gave up on after its last attempt, with why and when. The event stays in the log;
 * this record says who could not handle it ({@code handler}), which event it is ({@code position},
 * {@code streamId}, {@code eventType}, {@code eventId}), the last {@link Failure}, how many attempts were
 * made in all (retries from the dead-letter store included), when the first and the last failed (from the
 * subscriber's {@code Clock}), whether later events of its stream wait for it ({@code parksStream}), and
 * its {@link DeadLetterStatus}.
 */
public record DeadLetter(String handler, long position, String streamId, EventType eventType, String eventId,
                         Failure failure, int attempts, Instant firstFailedAt, Instant lastFailedAt,
                         boolean parksStream, DeadLetterStatus status) {
    public DeadLetter {
        HandlerNames.validate(handler);
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(firstFailedAt, "firstFailedAt");
        Objects.requireNonNull(lastFailedAt, "lastFailedAt");
        Objects.requireNonNull(status, "status");
        if (position < 0) {
            throw new ValidationError("position", "an event position is 0 or more; got " + position);
        }
        if (attempts < 1) {
            throw new ValidationError("attempts", "a dead letter follows at least one attempt; got " + attempts);
        }
        if (lastFailedAt.isBefore(firstFailedAt)) {
            throw new ValidationError("lastFailedAt", "the last failure (" + lastFailedAt
                    + ") cannot come before the first (" + firstFailedAt + ")");
        }
    }

    /** A new, open dead letter for {@code event}. */
    public static DeadLetter of(String handler, RecordedEvent event, Failure failure, int attempts,
                                Instant firstFailedAt, Instant lastFailedAt, boolean parksStream) {
        return new DeadLetter(handler, event.position(), event.streamId(), event.type(), event.eventId(), failure,
                attempts, firstFailedAt, lastFailedAt, parksStream, DeadLetterStatus.open());
    }

    public DeadLetterId id() {
        return new DeadLetterId(handler, position);
    }

    /** Failed again on a retry: more attempts, a newer failure, open again. */
    public DeadLetter failedAgain(Failure latest, int moreAttempts, Instant at) {
        if (moreAttempts < 1) {
            throw new ValidationError("moreAttempts", "failing again takes at least one attempt; got " + moreAttempts);
        }
        return new DeadLetter(handler, position, streamId, eventType, eventId, latest, attempts + moreAttempts,
                firstFailedAt, at.isBefore(lastFailedAt) ? lastFailedAt : at, parksStream, DeadLetterStatus.open());
    }

    public DeadLetter withStatus(DeadLetterStatus next) {
        return new DeadLetter(handler, position, streamId, eventType, eventId, failure, attempts, firstFailedAt,
                lastFailedAt, parksStream, next);
    }
}
