package dev.chorus.server.internal;

import dev.chorus.core.projection.ProjectionStatus;
import dev.chorus.server.ApiModule;
import dev.chorus.server.ApiSupport;
import io.javalin.config.RoutesConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/health}: up, how far the log goes, and where each read model stands. A read model that is not
 * running (stopped at an event it cannot apply, stopped, rebuilding) makes the status {@code degraded}: writes are
 * still taken, but reads that wait for it answer 503 until it runs again.
 */
public final class HealthRoute implements ApiModule {
    @Override
    public void register(RoutesConfig routes, ApiSupport support) {
        support.get(routes, "/api/health", ctx -> {
            support.query(ctx, Set.of());
            var readModels = new ArrayList<Map<String, Object>>();
            boolean degraded = false;
            for (ProjectionStatus status : support.backend().readModels().get()) {
                var model = new LinkedHashMap<String, Object>();
                model.put("name", status.projection());
                model.put("state", state(status.state()));
                model.put("checkpoint", status.checkpoint());
                model.put("lag", status.lag());
                if (status.state() instanceof ProjectionStatus.Failed(var error)) {
                    // where, not why: the why (a codec's or a database's message) is for the server's log
                    model.put("failedAt", error.position());
                    error.eventType().ifPresent(type -> model.put("eventType", type.toString()));
                }
                degraded |= !(status.state() instanceof ProjectionStatus.Running);
                readModels.add(model);
            }
            var body = new LinkedHashMap<String, Object>();
            body.put("status", degraded ? "degraded" : "up");
            body.put("head", support.backend().events().headPosition());
            support.backend().lineage().ifPresent(index -> body.put("lineagePosition", index.position()));
            if (!readModels.isEmpty()) {
                body.put("readModels", readModels);
            }
            ctx.json(body);
        });
    }

    private static String state(ProjectionStatus.State state) {
        return switch (state) {
            case ProjectionStatus.Running running -> "running";
            case ProjectionStatus.Stopped stopped -> "stopped";
            case ProjectionStatus.Rebuilding rebuilding -> "rebuilding";
            case ProjectionStatus.Failed failed -> "failed";
        };
    }
}
