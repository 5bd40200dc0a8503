package dev.chorus.server;

import dev.chorus.core.EventStore;
import dev.chorus.core.handler.DeadLetters;
import dev.chorus.core.lineage.LineageIndex;
import dev.chorus.core.state.StateStore;
import java.util.Objects;
import java.util.Optional;

/**
 * What the generic endpoints read: the log, the state store beside it, the dead letters, the registered stream
 * views, and the lineage index when one runs (without it, lineage is read from the log). The API does not own
 * them: closing it leaves them open.
 */
public record ApiBackend(EventStore events, StateStore state, DeadLetters deadLetters, StreamViews streams,
                         Optional<LineageIndex> lineage) {
    public ApiBackend {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(deadLetters, "deadLetters");
        Objects.requireNonNull(streams, "streams");
        Objects.requireNonNull(lineage, "lineage");
    }

    public static ApiBackend of(EventStore events, StateStore state, DeadLetters deadLetters) {
        return new ApiBackend(events, state, deadLetters, StreamViews.empty(), Optional.empty());
    }

    public ApiBackend withStreams(StreamViews views) {
        return new ApiBackend(events, state, deadLetters, views, lineage);
    }

    public ApiBackend withLineage(LineageIndex index) {
        return new ApiBackend(events, state, deadLetters, streams, Optional.of(index));
    }
}
