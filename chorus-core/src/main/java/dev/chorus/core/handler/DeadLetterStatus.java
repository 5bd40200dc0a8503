package dev.chorus.core.handler;

import dev.chorus.core.ValidationError;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a dead letter stands. {@link Open} and {@link RetryRequested} are pending: an operator or the
 * owning subscriber still has to act. {@link Resolved} and {@link Discarded} are closed and kept as a
 * record of what happened; the event itself always stays in the log.
 */
public sealed interface DeadLetterStatus {
    /** Failed its last attempt and waits for an operator to retry or discard it. */
    record Open() implements DeadLetterStatus {}

    /**
     * An operator asked for a retry while the owning subscriber was not running (from the CLI, say); the
     * subscriber redelivers the event when it next starts.
     */
    record RetryRequested(Instant requestedAt) implements DeadLetterStatus {
        public RetryRequested {
            Objects.requireNonNull(requestedAt, "requestedAt");
        }
    }

    /** Redelivered on a retry, and handled. */
    record Resolved(Instant resolvedAt) implements DeadLetterStatus {
        public Resolved {
            Objects.requireNonNull(resolvedAt, "resolvedAt");
        }
    }

    /** An operator chose not to handle the event; the subscriber moves past it (and releases a parked stream). */
    record Discarded(Instant discardedAt) implements DeadLetterStatus {
        public Discarded {
            Objects.requireNonNull(discardedAt, "discardedAt");
        }
    }

    DeadLetterStatus OPEN = new Open();

    static DeadLetterStatus open() {
        return OPEN;
    }

    default boolean isPending() {
        return switch (this) {
            case Open open -> true;
            case RetryRequested requested -> true;
            case Resolved resolved -> false;
            case Discarded discarded -> false;
        };
    }

    /** When it was resolved or discarded; empty while it is pending. */
    default Optional<Instant> closedAt() {
        return switch (this) {
            case Open open -> Optional.empty();
            case RetryRequested requested -> Optional.empty();
            case Resolved resolved -> Optional.of(resolved.resolvedAt());
            case Discarded discarded -> Optional.of(discarded.discardedAt());
        };
    }

    /** When it reached this status; empty while it is open. */
    default Optional<Instant> at() {
        return switch (this) {
            case Open open -> Optional.empty();
            case RetryRequested requested -> Optional.of(requested.requestedAt());
            case Resolved resolved -> Optional.of(resolved.resolvedAt());
            case Discarded discarded -> Optional.of(discarded.discardedAt());
        };
    }

    /**
     * The status {@code label} names ({@link #label()}'s words), reached at {@code at}, which every status but open
     * needs.
     *
     * @throws ValidationError an unknown label, or a time missing
     */
    static DeadLetterStatus of(String label, Optional<Instant> at) {
        if (label == null) {
            throw new ValidationError("status", "a dead letter's status is missing");
        }
        if (label.equals("open")) {
            return OPEN;
        }
        var when = at.orElseThrow(() -> new ValidationError("status", "a " + label
                + " dead letter says when; the time is missing"));
        return switch (label) {
            case "retry-requested" -> new RetryRequested(when);
            case "resolved" -> new Resolved(when);
            case "discarded" -> new Discarded(when);
            default -> throw new ValidationError("status", "a dead letter is open, retry-requested,"
                    + " resolved or discarded; got " + label);
        };
    }

    /** One word for listings: open, retry-requested, resolved, discarded. */
    default String label() {
        return switch (this) {
            case Open open -> "open";
            case RetryRequested requested -> "retry-requested";
            case Resolved resolved -> "resolved";
            case Discarded discarded -> "discarded";
        };
    }
}
