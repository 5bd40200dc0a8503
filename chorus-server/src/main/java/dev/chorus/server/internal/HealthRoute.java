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
 * {@code GET /api/health}: up, how far the log goes, and where each read model stands. A read model stopped by an
 * event it cannot apply makes the status {@code degraded}: writes are still taken, but reads that wait for it
 * answer 503 until an operator fixes the projection or rebuilds it.
 */
public final class HealthRoute implements ApiModule {
    @Override
    public void register(RoutesConfig routes, ApiSupport support) {
        routes.get("/api/health", ctx -> {
            support.query(ctx, Set.of());
            var readModels = new ArrayList<Map<String, Object>>();
            boolean failed = false;
            for (ProjectionStatus status : support.backend().readModels().get()) {
                var model = new LinkedHashMap<String, Object>();
                model.put("name", status.projection());
                model.put("state", state(status.state()));
                model.put("checkpoint", status.checkpoint());
                model.put("lag", status.lag());
                if (status.state() instanceof ProjectionStatus.Failed(var error)) {
                    failed = true;
                    model.put("error", error.getMessage());
                }
                readModels.add(model);
            }
            var body = new LinkedHashMap<String, Object>();
            body.put("status", failed ? "degraded" : "up");
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
