package dev.chorus.server.internal;

import dev.chorus.core.ValidationError;
import dev.chorus.core.handler.DeadLetter;
import dev.chorus.core.handler.DeadLetterId;
import dev.chorus.core.handler.DeadLetterQuery;
import dev.chorus.server.ApiError;
import dev.chorus.server.ApiModule;
import dev.chorus.server.ApiSupport;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The dead-letter store: {@code GET /api/dead-letters[?handler=H][&includeClosed=true][&after=ID][&limit=N]},
 * {@code GET /api/dead-letters/{id}}, {@code POST /api/dead-letters/{id}/retry} and {@code .../discard}. The
 * failure's stack summary stays on the server side ({@code chorus dlq show} prints it).
 */
public final class DeadLettersRoute implements ApiModule {
    public static final int MAX_LIMIT = 1000;

    @Override
    public void register(RoutesConfig routes, ApiSupport support) {
        support.get(routes, "/api/dead-letters", ctx -> list(ctx, support));
        support.get(routes, "/api/dead-letters/{id}", ctx -> {
            support.query(ctx, Set.of());
            ctx.json(view(support.backend().deadLetters().show(id(ctx))));
        });
        routes.post("/api/dead-letters/{id}/retry", ctx -> {
            support.query(ctx, Set.of());
            ctx.json(view(support.backend().deadLetters().retry(id(ctx))));
        });
        routes.post("/api/dead-letters/{id}/discard", ctx -> {
            support.query(ctx, Set.of());
            ctx.json(view(support.backend().deadLetters().discard(id(ctx))));
        });
    }

    private static void list(Context ctx, ApiSupport support) {
        var params = support.query(ctx, Set.of("handler", "includeClosed", "after", "limit"));
        var query = DeadLetterQuery.pending()
                .limit(params.integer("limit", 1, MAX_LIMIT).orElse((long) DeadLetterQuery.DEFAULT_LIMIT).intValue());
        var handler = params.text("handler", Ids.MAX_LENGTH);
        if (handler.isPresent()) {
            query = query.ofHandler(handler.get());
        }
        if (params.bool("includeClosed").orElse(false)) {
            query = query.includingClosed();
        }
        var after = params.text("after", Ids.MAX_LENGTH + 21);
        if (after.isPresent()) {
            try {
                query = query.after(DeadLetterId.parse(after.get()));
            } catch (ValidationError e) {
                throw ApiError.badInput("invalid-parameter", "after", "after is a dead-letter id as given in 'next': "
                        + e.getMessage());
            }
        }
        var letters = support.backend().deadLetters().list(query);
        var body = new LinkedHashMap<String, Object>();
        body.put("deadLetters", letters.stream().map(DeadLettersRoute::view).toList());
        body.put("next", letters.size() == query.limit() ? letters.getLast().id().toString() : null);
        ctx.json(body);
    }

    private static DeadLetterId id(Context ctx) {
        return DeadLetterId.parse(Ids.check("id", ctx.pathParam("id")));
    }

    static Map<String, Object> view(DeadLetter letter) {
        var view = new LinkedHashMap<String, Object>();
        view.put("id", letter.id().toString());
        view.put("handler", letter.handler());
        view.put("position", letter.position());
        view.put("streamId", letter.streamId());
        view.put("eventType", letter.eventType().name());
        view.put("eventId", letter.eventId());
        view.put("status", letter.status().label());
        view.put("attempts", letter.attempts());
        view.put("firstFailedAt", letter.firstFailedAt().toString());
        view.put("lastFailedAt", letter.lastFailedAt().toString());
        view.put("parksStream", letter.parksStream());
        view.put("error", Map.of("class", letter.failure().errorClass(), "message", letter.failure().message()));
        return view;
    }
}
