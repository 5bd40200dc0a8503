package dev.chorus.server;

import dev.chorus.core.ValidationError;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How the HTTP API listens and what it allows.
 *
 * @param host                  the address to bind (default {@code 127.0.0.1}: the API has no authentication, so
 *                              it is not reachable from other machines unless asked for)
 * @param port                  the port to bind; 0 takes a free one (see {@link HttpApi#port()}) (default 7070)
 * @param maxBodyBytes          the largest request body; larger ones get 413 before they are read (default 1 MiB)
 * @param scanBudget            the most log events one filtered {@code GET /api/events} reads (default 10,000)
 * @param readYourWritesTimeout how long a read waits for its read model to reach a write (default 2 s)
 * @param retryAfterSeconds     the {@code Retry-After} sent with a 503 (default 1)
 */
public record ServerConfig(String host, int port, int maxBodyBytes, int scanBudget, Duration readYourWritesTimeout,
                           int retryAfterSeconds) {
    public static final int DEFAULT_PORT = 7070;
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;
    public static final int DEFAULT_SCAN_BUDGET = 10_000;
    public static final int MAX_SCAN_BUDGET = 1_000_000;

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(readYourWritesTimeout, "readYourWritesTimeout");
        if (host.isBlank()) {
            throw new ValidationError("host", "host is an address to bind, like 127.0.0.1; got an empty one");
        }
        if (port < 0 || port > 65_535) {
            throw new ValidationError("port", "port is 0 (any free port) to 65535; got " + port);
        }
        if (maxBodyBytes < 1) {
            throw new ValidationError("maxBodyBytes", "maxBodyBytes is positive; got " + maxBodyBytes);
        }
        if (scanBudget < 1 || scanBudget > MAX_SCAN_BUDGET) {
            throw new ValidationError("scanBudget", "scanBudget is 1 to " + MAX_SCAN_BUDGET + "; got " + scanBudget);
        }
        if (readYourWritesTimeout.isNegative() || readYourWritesTimeout.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new ValidationError("readYourWritesTimeout", "readYourWritesTimeout is 0 to 1 minute; got "
                    + readYourWritesTimeout);
        }
        if (retryAfterSeconds < 1) {
            throw new ValidationError("retryAfterSeconds", "retryAfterSeconds is positive; got " + retryAfterSeconds);
        }
    }

    public static ServerConfig defaults() {
        return new ServerConfig("127.0.0.1", DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES, DEFAULT_SCAN_BUDGET,
                Duration.ofSeconds(2), 1);
    }

    /** The defaults, changed by {@code setup}: {@code ServerConfig.of(c -> c.port = 0)}. */
    public static ServerConfig of(Consumer<Builder> setup) {
        var builder = new Builder(defaults());
        setup.accept(builder);
        return builder.build();
    }

    public static final class Builder {
        public String host;
        public int port;
        public int maxBodyBytes;
        public int scanBudget;
        public Duration readYourWritesTimeout;
        public int retryAfterSeconds;

        private Builder(ServerConfig from) {
            host = from.host;
            port = from.port;
            maxBodyBytes = from.maxBodyBytes;
            scanBudget = from.scanBudget;
            readYourWritesTimeout = from.readYourWritesTimeout;
            retryAfterSeconds = from.retryAfterSeconds;
        }

        ServerConfig build() {
            return new ServerConfig(host, port, maxBodyBytes, scanBudget, readYourWritesTimeout, retryAfterSeconds);
        }
    }
}
