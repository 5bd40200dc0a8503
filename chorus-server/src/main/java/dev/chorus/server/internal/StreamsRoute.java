package dev.chorus.server.internal;

import dev.chorus.core.StreamIds;
import dev.chorus.core.decider.StreamState;
import dev.chorus.core.decider.TimeTravel;
import dev.chorus.server.ApiError;
import dev.chorus.server.ApiModule;
import dev.chorus.server.ApiSupport;
import dev.chorus.server.StreamView;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /api/streams/{streamId}[?position=P | ?at=ISO-8601]}: a decider stream's state now, or as it was
 * after the events up to a global position or an instant (both inclusive), folded by the view registered for
 * the stream id's prefix.
 */
public final class StreamsRoute implements ApiModule {
    @Override
    public void register(RoutesConfig routes, ApiSupport support) {
        support.get(routes, "/api/streams/{streamId}", ctx -> state(ctx, support));
    }

    private static void state(Context ctx, ApiSupport support) {
        var query = support.query(ctx, Set.of("position", "at"));
        String streamId = Ids.check("streamId", ctx.pathParam("streamId"));
        StreamIds.validate(streamId, Ids.MAX_LENGTH);
        Optional<Long> position = query.integer("position", 0, Long.MAX_VALUE);
        Optional<Instant> at = query.text("at", 64).map(StreamsRoute::instant);
        if (position.isPresent() && at.isPresent()) {
            throw ApiError.badInput("invalid-parameter", "at", "give position or at, not both");
        }
        var backend = support.backend();
        StreamView<?> view = backend.streams().find(streamId).orElseThrow(() -> ApiError.notFound(
                "unknown-stream-kind", "no decider is registered for stream " + streamId + "; known prefixes: "
                        + backend.streams().prefixes()));
        if (backend.events().streamVersion(streamId) < 0) {
            throw ApiError.notFound("stream-not-found", "stream " + streamId + " has no events");
        }
        long head = backend.events().headPosition();
        // a store shared by several instances may follow its head a moment late: an event at the position is enough
        if (position.isPresent() && position.get() >= head && backend.events().readAll(position.get(), 1).isEmpty()) {
            // an answer for a position the log has not reached could change once it does: time travel is to the past
            throw ApiError.badInput("invalid-parameter", "position", "position " + position.get()
                    + " is past the log's last event (position " + (head - 1) + "); leave position out for now");
        }
        var body = new LinkedHashMap<String, Object>();
        body.put("streamId", streamId);
        fold(view, backend.events(), streamId, position, at, body);
        ctx.json(body);
    }

    private static <S> void fold(StreamView<S> view, dev.chorus.core.StreamReader reader, String streamId,
                                 Optional<Long> position, Optional<Instant> at, LinkedHashMap<String, Object> body) {
        var travel = TimeTravel.over(reader, view.binding());
        StreamState<S> state = at.isPresent() ? travel.stateAt(streamId, at.get())
                : travel.stateAt(streamId, position.orElse(Long.MAX_VALUE));
        body.put("version", state.version());
        body.put("position", state.position());
        body.put("state", view.json(state.state()));
    }

    private static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            // A '+' of an offset sent as is arrives as a space: a query string decodes '+' so.
            String hint = text.contains(" ") ? " (send the offset's '+' as %2B: a '+' in a query string reads as a"
                    + " space)" : "";
            throw ApiError.badInput("invalid-parameter", "at", "at is an ISO-8601 instant with an offset, like "
                    + "2026-11-26T10:15:30Z; got '" + text + "'" + hint);
        }
    }
}
