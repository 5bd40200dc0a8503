package dev.chorus.core.handler;

import dev.chorus.core.ChorusException;

/**
 * The dead letter was already resolved or discarded, so it cannot be retried or discarded again. To handle
 * the event once more, replay it from the log.
 */
public final class DeadLetterClosed extends ChorusException {
    private final DeadLetterId id;
    private final DeadLetterStatus status;

    public DeadLetterClosed(DeadLetterId id, DeadLetterStatus status, String action) {
        super("cannot " + action + " dead letter " + id + ": it is already " + status.label() + since(status));
        this.id = id;
        this.status = status;
    }

    public DeadLetterId id() {
        return id;
    }

    public DeadLetterStatus status() {
        return status;
    }

    private static String since(DeadLetterStatus status) {
        return switch (status) {
            case DeadLetterStatus.Open open -> "";
            case DeadLetterStatus.RetryRequested requested -> " (since " + requested.requestedAt() + ")";
            case DeadLetterStatus.Resolved resolved -> " (since " + resolved.resolvedAt() + ")";
            case DeadLetterStatus.Discarded discarded -> " (since " + discarded.discardedAt() + ")";
        };
    }
}
