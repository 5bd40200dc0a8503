package dev.chorus.server;

import dev.chorus.core.EventStore;
import dev.chorus.core.handler.DeadLetterStore;
import dev.chorus.core.handler.DeadLetters;
import dev.chorus.core.lineage.LineageIndex;
import dev.chorus.core.projection.ProjectionStatus;
import dev.chorus.core.state.StateStore;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the generic endpoints read: the log, the state store beside it, the dead letters, the registered stream
 * views, the lineage index when one runs (without it, lineage is read from the log), where the application's
 * read models stand (for {@code GET /api/health}), and copies of other services' dead letters, by service, when
 * this API serves a system of several, with how to ask a service to retry or discard one of them (each service
 * performs its own). The API does not own them: closing it leaves them open.
 */
public record ApiBackend(EventStore events, StateStore state, DeadLetters deadLetters, StreamViews streams,
                         Optional<LineageIndex> lineage, Supplier<List<ProjectionStatus>> readModels,
                         Supplier<Map<String, DeadLetterStore>> deadLettersElsewhere,
                         Optional<DeadLetterRequester> deadLetterRequests) {
    public ApiBackend {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(deadLetters, "deadLetters");
        Objects.requireNonNull(streams, "streams");
        Objects.requireNonNull(lineage, "lineage");
        Objects.requireNonNull(readModels, "readModels");
        Objects.requireNonNull(deadLettersElsewhere, "deadLettersElsewhere");
        Objects.requireNonNull(deadLetterRequests, "deadLetterRequests");
    }

    public static ApiBackend of(EventStore events, StateStore state, DeadLetters deadLetters) {
        return new ApiBackend(events, state, deadLetters, StreamViews.empty(), Optional.empty(), List::of,
                Map::of, Optional.empty());
    }

    public ApiBackend withStreams(StreamViews views) {
        return new ApiBackend(events, state, deadLetters, views, lineage, readModels, deadLettersElsewhere,
                deadLetterRequests);
    }

    public ApiBackend withLineage(LineageIndex index) {
        return new ApiBackend(events, state, deadLetters, streams, Optional.of(index), readModels,
                deadLettersElsewhere, deadLetterRequests);
    }

    /** The read models {@code GET /api/health} reports: a failed one makes the status {@code degraded}. */
    public ApiBackend withReadModels(Supplier<List<ProjectionStatus>> statuses) {
        return new ApiBackend(events, state, deadLetters, streams, lineage, statuses, deadLettersElsewhere,
                deadLetterRequests);
    }

    /**
     * Other services' dead letters, by service name, that {@code /api/dead-letters} lists and shows beside this
     * process's own; a retry or discard of one is refused with 409, naming the service that can perform it.
     */
    public ApiBackend withDeadLettersElsewhere(Supplier<Map<String, DeadLetterStore>> byService) {
        return new ApiBackend(events, state, deadLetters, streams, lineage, readModels, byService,
                deadLetterRequests);
    }

    /**
     * How a retry or discard of another service's dead letter is asked of that service: answered 202, instead of 409
     * without one.
     */
    public ApiBackend withDeadLetterRequests(DeadLetterRequester requester) {
        return new ApiBackend(events, state, deadLetters, streams, lineage, readModels, deadLettersElsewhere,
                Optional.of(requester));
    }
}
