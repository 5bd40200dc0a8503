package dev.chorus.server.internal;

import dev.chorus.core.ValidationError;
import dev.chorus.core.handler.DeadLetter;
import dev.chorus.core.handler.DeadLetterClosed;
import dev.chorus.core.handler.DeadLetterId;
import dev.chorus.core.handler.DeadLetterQuery;
import dev.chorus.core.handler.DeadLetterStore;
import dev.chorus.core.memory.InMemoryStateStore;
import dev.chorus.server.ApiError;
import dev.chorus.server.ApiModule;
import dev.chorus.server.ApiSupport;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The dead-letter store: {@code GET /api/dead-letters[?handler=H][&includeClosed=true][&after=ID][&limit=N]},
 * {@code GET /api/dead-letters/{id}}, {@code POST /api/dead-letters/{id}/retry} and {@code .../discard}. The
 * failure's stack summary stays on the server side ({@code chorus dlq show} prints it). Where the backend holds copies
 * of other services' dead letters, they are listed and shown beside this process's own, each with its
 * {@code service}, in one order (by handler, then position); a retry or discard of one is refused with 409
 * {@code dead-letter-elsewhere}, naming the service whose own store can perform it.
 */
public final class DeadLettersRoute implements ApiModule {
    public static final int MAX_LIMIT = 1000;

    @Override
    public void register(RoutesConfig routes, ApiSupport support) {
        support.get(routes, "/api/dead-letters", ctx -> list(ctx, support));
        support.get(routes, "/api/dead-letters/{id}", ctx -> {
            var service = support.query(ctx, Set.of("service")).text("service", Ids.MAX_LENGTH);
            var id = id(ctx);
            var elsewhere = service.isPresent() ? Optional.of(copy(support, service.get(), id))
                    : elsewhere(support, id);
            ctx.json(elsewhere.isPresent() ? view(elsewhere.get().letter(), elsewhere.get().service())
                    : view(support.backend().deadLetters().show(id)));
        });
        routes.post("/api/dead-letters/{id}/retry", ctx -> act(ctx, support, "retry"));
        routes.post("/api/dead-letters/{id}/discard", ctx -> act(ctx, support, "discard"));
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
        var listed = new ArrayList<Listed>();
        support.backend().deadLetters().list(query).forEach(letter -> listed.add(new Listed(letter, null)));
        for (var service : support.backend().deadLettersElsewhere().get().entrySet()) {
            service.getValue().list(query).forEach(letter -> listed.add(new Listed(letter, service.getKey())));
        }
        // each source's first page after 'after', merged: the first 'limit' of them are the whole system's, but for
        // one id held by two sources (a read model of the API's and of its service), which a page never splits
        listed.sort(Comparator.comparing((Listed each) -> DeadLetterStore.key(each.letter().id()),
                InMemoryStateStore.KEY_ORDER).thenComparing(each -> each.service() == null ? "" : each.service()));
        int cut = Math.min(listed.size(), query.limit());
        while (cut > 0 && cut < listed.size() && sameId(listed.get(cut - 1), listed.get(cut))) {
            cut--;
        }
        if (cut == 0 && !listed.isEmpty()) {
            cut = 1;
            while (cut < listed.size() && sameId(listed.get(cut - 1), listed.get(cut))) {
                cut++;
            }
        }
        var page = listed.subList(0, cut);
        boolean more = cut < listed.size() || cut == query.limit();
        var body = new LinkedHashMap<String, Object>();
        body.put("deadLetters", page.stream().map(each -> view(each.letter(), each.service())).toList());
        body.put("next", more ? page.getLast().letter().id().toString() : null);
        ctx.json(body);
    }

    private static boolean sameId(Listed a, Listed b) {
        return a.letter().id().equals(b.letter().id());
    }

    private static Listed copy(ApiSupport support, String service, DeadLetterId id) {
        var services = support.backend().deadLettersElsewhere().get();
        var store = services.get(service);
        if (store == null) {
            throw ApiError.badInput("invalid-parameter", "service", "no service named " + service + " has dead letters"
                    + " here; those that have: " + new TreeSet<>(services.keySet()));
        }
        var letter = store.get(id);
        if (letter.isEmpty()) {
            throw ApiError.notFound("dead-letter-not-found", "service " + service + " has no dead letter " + id
                    + " here: leave 'service' out for the API's own, or list them to see which service holds it");
        }
        return new Listed(letter.get(), service);
    }

    /** A dead letter and the service whose copy it is; null for this process's own. */
    private record Listed(DeadLetter letter, @Nullable String service) {}

    private static Optional<Listed> elsewhere(ApiSupport support, DeadLetterId id) {
        if (support.backend().deadLetters().store().get(id).isPresent()) {
            return Optional.empty();
        }
        for (var service : support.backend().deadLettersElsewhere().get().entrySet()) {
            var copy = service.getValue().get(id);
            if (copy.isPresent()) {
                return Optional.of(new Listed(copy.get(), service.getKey()));
            }
        }
        return Optional.empty();
    }

    /**
     * Retries or discards this process's own dead letter at once; asks another service to, for a copy of one of its
     * own (202, the copy as it stands and what was asked), or refuses with 409 naming the service when this API cannot
     * ask.
     */
    private static void act(Context ctx, ApiSupport support, String action) {
        support.query(ctx, Set.of());
        var id = id(ctx);
        var elsewhere = elsewhere(support, id);
        if (elsewhere.isEmpty()) {
            var deadLetters = support.backend().deadLetters();
            ctx.json(view(action.equals("retry") ? deadLetters.retry(id) : deadLetters.discard(id)));
            return;
        }
        var copy = elsewhere.get();
        if (!copy.letter().status().isPending()) {
            throw new DeadLetterClosed(id, copy.letter().status(), action);
        }
        var requests = support.backend().deadLetterRequests();
        if (requests.isEmpty()) {
            throw new ApiError(409, "dead-letter-elsewhere", "dead letter " + id + " is the " + copy.service()
                    + " service's, and only its own store can " + action + " it: chorus dlq " + action + " " + id
                    + " --postgres JDBC_URL --schema SCHEMA, the service's schema (chorus_" + copy.service()
                    + " unless chorus run was given --schema)", Optional.empty(), Map.of("service", copy.service()));
        }
        requests.get().ask(copy.service(), id, copy.letter().eventId(), action);
        var body = view(copy.letter(), copy.service());
        body.put("requested", action);
        ctx.status(202).json(body);
    }

    private static DeadLetterId id(Context ctx) {
        return DeadLetterId.parse(Ids.check("id", ctx.pathParam("id")));
    }

    static Map<String, Object> view(DeadLetter letter) {
        return view(letter, null);
    }

    private static Map<String, Object> view(DeadLetter letter, @Nullable String service) {
        var view = new LinkedHashMap<String, Object>();
        view.put("id", letter.id().toString());
        if (service != null) {
            view.put("service", service);
        }
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
