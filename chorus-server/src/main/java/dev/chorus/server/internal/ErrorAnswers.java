package dev.chorus.server.internal;

import dev.chorus.core.ConcurrencyConflict;
import dev.chorus.core.LimitExceeded;
import dev.chorus.core.StoreClosed;
import dev.chorus.core.ValidationError;
import dev.chorus.core.decider.CommandRejected;
import dev.chorus.core.handler.DeadLetterClosed;
import dev.chorus.core.handler.DeadLetterNotFound;
import dev.chorus.core.projection.ProjectionFailed;
import dev.chorus.core.projection.ProjectionNotRunning;
import dev.chorus.core.projection.ProjectionTimeout;
import dev.chorus.server.ApiError;
import dev.chorus.server.ServerConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns every failure into a JSON answer {@code {"error","message"[,"field"][,"details"]}}: client mistakes and
 * Chorus's typed errors into their 4xx (or 503 when a read model is behind), anything else into a 500 whose body
 * names only an incident id; the exception itself goes to the log, never to the client.
 */
public final class ErrorAnswers {
    private static final System.Logger LOG = System.getLogger(ErrorAnswers.class.getName());
    private static final String WRITTEN = "chorus.error-written";

    private final ServerConfig config;
    /** The read-model stops already logged (projection@position), each once; a few per projection at most. */
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    public ErrorAnswers(ServerConfig config) {
        this.config = config;
    }

    public void register(RoutesConfig routes) {
        routes.exception(Exception.class, (error, ctx) -> write(ctx, answer(error, ctx)));
        // Javalin's own answers (no route, wrong method) come without our body: give them one.
        routes.error(404, "*", ctx -> fallback(ctx, "not-found",
                "no such endpoint: " + ctx.method() + " " + ctx.path() + "; see docs/http-api.md"));
        routes.error(405, "*", ctx -> fallback(ctx, "method-not-allowed",
                ctx.method() + " is not allowed on " + ctx.path() + "; see docs/http-api.md for its methods"));
        routes.error(413, "*", ctx -> fallback(ctx, "body-too-large", "a request body holds at most "
                + config.maxBodyBytes() + " bytes: send less"));
        routes.error(500, "*", ctx -> fallback(ctx, "internal-error", "the server failed; try again later"));
    }

    private void fallback(Context ctx, String code, String message) {
        if (ctx.attribute(WRITTEN) == null) {
            write(ctx, new ApiError(ctx.status().getCode(), code, message));
        }
    }

    ApiError answer(Exception error, Context ctx) {
        return switch (error) {
            case ApiError api -> api;
            case LimitExceeded limit -> new ApiError(400, "limit-exceeded", limit.getMessage(),
                    Optional.of(limit.field()), Map.of("limit", Long.toString(limit.limit()),
                    "actual", Long.toString(limit.actual())));
            case ValidationError invalid -> new ApiError(400, "invalid-input", invalid.getMessage(),
                    Optional.of(invalid.field()), Map.of());
            case CommandRejected rejected -> new ApiError(422, rejected.reason(), rejected.getMessage(),
                    Optional.empty(), rejected.details());
            case ConcurrencyConflict conflict -> new ApiError(409, "concurrency-conflict", conflict.getMessage(),
                    Optional.empty(), Map.of("streamId", conflict.streamId()));
            case DeadLetterNotFound missing -> ApiError.notFound("dead-letter-not-found", missing.getMessage());
            case DeadLetterClosed closed -> new ApiError(409, "dead-letter-closed", closed.getMessage(),
                    Optional.empty(), Map.of("status", closed.status().label()));
            case ProjectionTimeout behind -> unavailable(ctx, "read-model-behind", behind.getMessage());
            case ProjectionNotRunning stopped -> unavailable(ctx, "read-model-stopped", stopped.getMessage());
            case ProjectionFailed failed -> stoppedByFailure(failed, ctx);
            case StoreClosed closed -> unavailable(ctx, "unavailable", "the server is stopping; try again later");
            case HttpResponseException http when http.getStatus() == 413 ->
                    ApiError.bodyTooLarge(config.maxBodyBytes(), 0);
            case HttpResponseException http when http.getStatus() >= 400 && http.getStatus() < 500 ->
                    new ApiError(http.getStatus(), "bad-request", String.valueOf(http.getMessage()));
            default -> unexpected(error, ctx);
        };
    }

    /**
     * A read model that stopped at an event it could not apply answers every read that waits for it with this until
     * an operator fixes or rebuilds it: the client's request was fine, so a 503, and the why goes to the server's log.
     */
    private ApiError stoppedByFailure(ProjectionFailed failed, Context ctx) {
        if (reported.add(failed.projection() + "@" + failed.position())) {
            // once per stop, not once per read that hits it
            LOG.log(Level.WARNING, ctx.method() + " " + ctx.path() + ": " + failed.getMessage());
        }
        return unavailable(ctx, "read-model-stopped", "the read model " + failed.projection() + " stopped at position "
                + failed.position() + " and needs an operator (the server's log says why); try again later");
    }

    private ApiError unavailable(Context ctx, String code, String message) {
        ctx.header("Retry-After", Integer.toString(config.retryAfterSeconds()));
        return new ApiError(503, code, message);
    }

    private static ApiError unexpected(Exception error, Context ctx) {
        String incident = UUID.randomUUID().toString();
        LOG.log(Level.ERROR, "incident " + incident + ": " + ctx.method() + " " + ctx.path() + " failed", error);
        return new ApiError(500, "internal-error", "the server failed on this request (incident " + incident
                + ", logged on the server); try again later", Optional.empty(), Map.of("incident", incident));
    }

    static void write(Context ctx, ApiError error) {
        var body = new LinkedHashMap<String, Object>();
        body.put("error", error.code());
        body.put("message", error.getMessage());
        error.field().ifPresent(field -> body.put("field", field));
        if (!error.details().isEmpty()) {
            body.put("details", error.details());
        }
        ctx.attribute(WRITTEN, Boolean.TRUE);
        ctx.status(error.status()).contentType("application/json")
                .result(Jackson3Mapper.MAPPER.writeValueAsBytes(body));
    }
}
