package dev.chorus.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Objects;
import java.util.Set;

/** What a module's handlers share with the generic ones: the limits, the body reader and read-your-writes. */
public record ApiSupport(ServerConfig config, ApiBackend backend, ReadYourWrites readYourWrites) {
    public ApiSupport {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(readYourWrites, "readYourWrites");
    }

    /** The request's JSON object body, within the configured size limit. */
    public JsonBody body(Context ctx) {
        return JsonBody.read(ctx, config.maxBodyBytes());
    }

    public QueryParams query(Context ctx, Set<String> known) {
        return QueryParams.of(ctx, known);
    }

    /**
     * Registers {@code handler} for GET and for HEAD on {@code path}: a HEAD answers what the GET would, with the
     * same status and headers and no body (left alone, Javalin answers a HEAD 200 for any path a GET route matches,
     * an unknown id included).
     */
    public void get(RoutesConfig routes, String path, Handler handler) {
        routes.get(path, handler);
        routes.head(path, handler);
    }
}
