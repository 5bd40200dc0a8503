package dev.chorus.server.internal;

import dev.chorus.core.lineage.Lineage;
import dev.chorus.core.lineage.LineageGraph;
import dev.chorus.server.ApiError;
import dev.chorus.server.ApiModule;
import dev.chorus.server.ApiSupport;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /api/lineage/{correlationId}}: the causal graph of a conversation. From the lineage index when it
 * runs and has caught up with the log (waiting the read-your-writes time for it), else from the log itself.
 */
public final class LineageRoute implements ApiModule {
    /** One cause-to-effect edge as JSON. */
    record Edge(String from, String to) {}

    @Override
    public void register(RoutesConfig routes, ApiSupport support) {
        support.get(routes, "/api/lineage/{correlationId}", ctx -> graph(ctx, support));
    }

    private static void graph(Context ctx, ApiSupport support) {
        support.query(ctx, Set.of());
        String correlationId = Ids.check("correlationId", ctx.pathParam("correlationId"));
        var backend = support.backend();
        long head = backend.events().headPosition();
        LineageGraph graph = backend.lineage()
                .filter(index -> support.readYourWrites().reached(index, head))
                .map(index -> index.graph(correlationId))
                .orElseGet(() -> Lineage.scan(backend.events(), correlationId));
        if (graph.isEmpty()) {
            throw ApiError.notFound("conversation-not-found", "no event has correlation id " + correlationId
                    + "; GET /api/events shows the correlation ids there are");
        }
        var nodes = graph.nodes().stream().map(node -> {
            var view = new LinkedHashMap<String, Object>();
            view.put("eventId", node.eventId());
            view.put("type", node.type().name());
            view.put("streamId", node.streamId());
            view.put("position", node.position());
            view.put("recordedAt", node.recordedAt().toString());
            view.put("causationId", node.causationId());
            return view;
        }).toList();
        // a record, not Map.of, whose order changes from one JVM to the next: "from" comes before "to" every time
        List<Edge> edges = graph.edges().stream().map(edge -> new Edge(edge.causeId(), edge.effectId())).toList();
        var body = new LinkedHashMap<String, Object>();
        body.put("correlationId", correlationId);
        body.put("nodes", nodes);
        body.put("edges", edges);
        ctx.json(body);
    }
}
