package dev.chorus.server.internal;

import dev.chorus.core.RecordedEvent;
import dev.chorus.server.ApiModule;
import dev.chorus.server.ApiSupport;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/events}: a page of the log, optionally only one stream's or one conversation's events. A filter
 * reads at most the scan budget of log events per request, so a rare match in a long log costs several requests
 * rather than one unbounded one; {@code next} says where to go on.
 */
public final class EventsRoute implements ApiModule {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    private static final int PAGE = 512;

    @Override
    public void register(RoutesConfig routes, ApiSupport support) {
        support.get(routes, "/api/events", ctx -> page(ctx, support));
    }

    private static void page(Context ctx, ApiSupport support) {
        var query = support.query(ctx, Set.of("after", "limit", "stream", "correlationId"));
        Optional<Long> after = query.integer("after", 0, Long.MAX_VALUE - 1);
        int limit = query.integer("limit", 1, MAX_LIMIT).orElse((long) DEFAULT_LIMIT).intValue();
        Optional<String> stream = query.text("stream", Ids.MAX_LENGTH).map(s -> Ids.check("stream", s));
        Optional<String> correlation = query.text("correlationId", Ids.MAX_LENGTH)
                .map(c -> Ids.check("correlationId", c));
        Predicate<RecordedEvent> wanted = event -> stream.map(event.streamId()::equals).orElse(true)
                && correlation.map(event.correlationId()::equals).orElse(true);
        boolean filtered = stream.isPresent() || correlation.isPresent();

        var events = support.backend().events();
        long head = events.headPosition();
        long budget = filtered ? support.config().scanBudget() : limit;
        long next = after.map(a -> a + 1).orElse(0L);
        long scanned = 0;
        var matched = new ArrayList<Map<String, Object>>();
        scan:
        while (matched.size() < limit && scanned < budget && next < head) {
            int want = (int) Math.min(PAGE, Math.min(budget - scanned, head - next));
            List<RecordedEvent> page = events.readAll(next, want);
            if (page.isEmpty()) {
                break;
            }
            for (RecordedEvent event : page) {
                if (event.position() >= head) {
                    break scan;
                }
                scanned++;
                next = event.position() + 1;
                if (wanted.test(event)) {
                    matched.add(view(event));
                    if (matched.size() == limit) {
                        break scan;
                    }
                }
            }
        }
        var body = new LinkedHashMap<String, Object>();
        body.put("events", matched);
        body.put("head", head);
        // The value of `after` for the next request; null while nothing was read (an empty log).
        body.put("next", next > 0 ? next - 1 : null);
        body.put("reachedHead", next >= head);
        ctx.json(body);
    }

    static Map<String, Object> view(RecordedEvent event) {
        var view = new LinkedHashMap<String, Object>();
        view.put("position", event.position());
        view.put("eventId", event.eventId());
        view.put("streamId", event.streamId());
        view.put("version", event.version());
        view.put("type", event.type().name());
        view.put("typeVersion", event.type().version());
        view.put("recordedAt", event.recordedAt().toString());
        view.put("correlationId", event.correlationId());
        view.put("causationId", event.causationId());
        var json = asJson(event.data());
        view.put("dataEncoding", json.isPresent() ? "json" : "base64");
        view.put("data", json.isPresent() ? json.get() : Base64.getEncoder().encodeToString(event.data()));
        return view;
    }

    private static Optional<JsonNode> asJson(byte[] data) {
        if (data.length == 0) {
            return Optional.empty();
        }
        try {
            JsonNode node = Jackson3Mapper.MAPPER.readTree(data);
            return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }
}
