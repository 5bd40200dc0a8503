package dev.chorus.core.handler;

import dev.chorus.core.ValidationError;
import java.util.Objects;
import java.util.Optional;

/**
 * Which dead letters to list: of one handler or all, pending only (the default) or closed ones too, one
 * page of at most {@code limit} after a given id. Pages come in key order: by handler name, then position.
 */
public record DeadLetterQuery(Optional<String> handler, boolean includeClosed, Optional<DeadLetterId> after,
                             int limit) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 10_000;

    public DeadLetterQuery {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(after, "after");
        handler.ifPresent(HandlerNames::validate);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ValidationError("limit", "a page holds 1 to " + MAX_LIMIT + " dead letters; got " + limit);
        }
    }

    /** Pending dead letters of every handler, first page. */
    public static DeadLetterQuery pending() {
        return new DeadLetterQuery(Optional.empty(), false, Optional.empty(), DEFAULT_LIMIT);
    }

    public DeadLetterQuery ofHandler(String name) {
        return new DeadLetterQuery(Optional.of(name), includeClosed, after, limit);
    }

    public DeadLetterQuery includingClosed() {
        return new DeadLetterQuery(handler, true, after, limit);
    }

    /** The page after {@code id} (the last id of the previous page). */
    public DeadLetterQuery after(DeadLetterId id) {
        return new DeadLetterQuery(handler, includeClosed, Optional.of(id), limit);
    }

    public DeadLetterQuery limit(int max) {
        return new DeadLetterQuery(handler, includeClosed, after, max);
    }
}
