package dev.chorus.server.internal;

import dev.chorus.server.ApiModule;
import dev.chorus.server.ApiSupport;
import io.javalin.config.RoutesConfig;
import java.util.LinkedHashMap;
import java.util.Set;

/** {@code GET /api/health}: up, and how far the log goes. */
public final class HealthRoute implements ApiModule {
    @Override
    public void register(RoutesConfig routes, ApiSupport support) {
        routes.get("/api/health", ctx -> {
            support.query(ctx, Set.of());
            var body = new LinkedHashMap<String, Object>();
            body.put("status", "up");
            body.put("head", support.backend().events().headPosition());
            support.backend().lineage().ifPresent(index -> body.put("lineagePosition", index.position()));
            ctx.json(body);
        });
    }
}
