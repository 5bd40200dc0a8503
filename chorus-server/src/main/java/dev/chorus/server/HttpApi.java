package dev.chorus.server;

import dev.chorus.server.internal.DeadLettersRoute;
import dev.chorus.server.internal.ErrorAnswers;
import dev.chorus.server.internal.EventsRoute;
import dev.chorus.server.internal.HealthRoute;
import dev.chorus.server.internal.Jackson3Mapper;
import dev.chorus.server.internal.JettyErrorAnswers;
import dev.chorus.server.internal.LineageRoute;
import dev.chorus.server.internal.StreamsRoute;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The HTTP API, listening: the generic endpoints over an {@link ApiBackend} (events, lineage, streams, dead
 * letters, health) plus the application's {@link ApiModule}s. Binds 127.0.0.1 unless told otherwise; every
 * client mistake is answered with a 4xx and {@code {"error","message"}}. Closing stops the server and frees the
 * port; the backend stays open (its owner closes it).
 *
 * <pre>{@code
 * try (var api = HttpApi.start(ServerConfig.of(c -> c.port = 0), ApiBackend.of(log, state, deadLetters))) {
 *     System.out.println("listening on " + api.uri());
 * }
 * }</pre>
 */
public final class HttpApi implements AutoCloseable {
    private final Javalin server;
    private final ServerConfig config;
    private final ApiSupport support;

    private HttpApi(Javalin server, ServerConfig config, ApiSupport support) {
        this.server = server;
        this.config = config;
        this.support = support;
    }

    public static HttpApi start(ServerConfig config, ApiBackend backend, ApiModule... modules) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(backend, "backend");
        var support = new ApiSupport(config, backend, new ReadYourWrites(config.readYourWritesTimeout()));
        var all = new ArrayList<ApiModule>(List.of(new HealthRoute(), new EventsRoute(), new LineageRoute(),
                new StreamsRoute(), new DeadLettersRoute()));
        for (ApiModule module : modules) {
            all.add(Objects.requireNonNull(module, "module"));
        }
        if (config.port() != 0) {
            requireFree(config.host(), config.port());
        }
        var errors = new ErrorAnswers(config);
        var server = Javalin.create(javalin -> {
            javalin.startup.showJavalinBanner = false;
            javalin.startup.showOldJavalinVersionWarning = false;
            javalin.concurrency.useVirtualThreads = true;
            javalin.http.prefer405over404 = true;
            javalin.http.maxRequestSize = config.maxBodyBytes();
            javalin.jsonMapper(new Jackson3Mapper());
            javalin.jetty.modifyServer(jetty -> jetty.setErrorHandler(new JettyErrorAnswers()));
            errors.register(javalin.routes);
            // Refused before any handler reads a byte of it: the announced length is enough.
            javalin.routes.before(ctx -> {
                if (ctx.req().getContentLengthLong() > config.maxBodyBytes()) {
                    throw ApiError.bodyTooLarge(config.maxBodyBytes(), ctx.req().getContentLengthLong());
                }
            });
            all.forEach(module -> module.register(javalin.routes, support));
        });
        server.start(config.host(), config.port());
        return new HttpApi(server, config, support);
    }

    /**
     * Javalin logs a failed bind with its whole stack trace before it throws: a taken address is one typed error
     * instead. Another process may still take the port in between; then Javalin's own error stands. Public for a
     * process that sets up other things (a schema) before it serves: it asks first.
     *
     * @throws PortInUse something listens at {@code host:port}, or the host is not this machine's
     */
    public static void requireFree(String host, int port) {
        try (var probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new PortInUse(host, port, e);
        }
    }

    /** The port bound: the configured one, or the free one taken for port 0. */
    public int port() {
        return server.port();
    }

    public String host() {
        return config.host();
    }

    public URI uri() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return URI.create("http://" + host + ":" + port());
    }

    /** What modules get: limits, body reading, read-your-writes. */
    public ApiSupport support() {
        return support;
    }

    @Override
    public void close() {
        server.stop();
    }
}
