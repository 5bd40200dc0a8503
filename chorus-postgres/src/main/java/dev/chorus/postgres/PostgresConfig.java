package dev.chorus.postgres;

import dev.chorus.core.StoreLimits;
import dev.chorus.core.ValidationError;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * How a PostgreSQL store connects, and where its tables live.
 *
 * @param jdbcUrl      the database, e.g. {@code jdbc:postgresql://db:5432/orders}; it may carry user and password too
 * @param user         the role to log in as; empty to take it from the URL
 * @param password     its password; empty to take it from the URL or to send none
 * @param schema       the schema that holds the tables, created when missing (default {@code chorus}): lower-case
 *                     letters, digits and {@code _}, starting with a letter or {@code _}, at most
 *                     {@value #MAX_SCHEMA_LENGTH} characters. Every instance of one service names the same schema.
 * @param poolSize     most connections the store's pool holds (default 8)
 * @param pollInterval how often a store with live subscriptions asks for the head when no notification came, and
 *                     how long it waits before listening again after its listening connection broke (default 1 s)
 * @param tailWindow   how many recent events a store with subscriptions keeps in memory for them to share (default
 *                     {@value #DEFAULT_TAIL_WINDOW}; at most about 32 MiB of event data whatever the count): a
 *                     subscription further behind reads the table itself until it catches up
 * @param limits       the limits enforced on appends and imports
 * @param clock        stamps recorded-at and event ids
 */
public record PostgresConfig(String jdbcUrl, String user, String password, String schema, int poolSize,
                             Duration pollInterval, int tailWindow, StoreLimits limits, Clock clock) {
    public static final String DEFAULT_SCHEMA = "chorus";
    public static final int DEFAULT_POOL_SIZE = 8;
    public static final int MAX_POOL_SIZE = 1000;
    /** A notification channel is named after the schema, and channel names stop at 63 bytes. */
    public static final int MAX_SCHEMA_LENGTH = 48;
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    public static final int DEFAULT_TAIL_WINDOW = 4096;
    public static final int MAX_TAIL_WINDOW = 1_000_000;

    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]*");

    public PostgresConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(clock, "clock");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new ValidationError("jdbcUrl", "a PostgreSQL JDBC URL starts with jdbc:postgresql:, e.g. "
                    + "jdbc:postgresql://127.0.0.1:5432/postgres; got " + redacted(jdbcUrl));
        }
        if (schema.length() > MAX_SCHEMA_LENGTH || !SCHEMA.matcher(schema).matches()) {
            throw new ValidationError("schema", "a schema name is 1 to " + MAX_SCHEMA_LENGTH
                    + " lower-case letters, digits and '_', starting with a letter or '_'; got \"" + schema + "\"");
        }
        if (schema.startsWith("pg_")) {
            throw new ValidationError("schema", "schema names starting with pg_ are PostgreSQL's own; got " + schema);
        }
        if (poolSize < 1 || poolSize > MAX_POOL_SIZE) {
            throw new ValidationError("poolSize", "poolSize is between 1 and " + MAX_POOL_SIZE + "; got " + poolSize);
        }
        if (pollInterval.toMillis() < 10 || pollInterval.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new ValidationError("pollInterval", "pollInterval is between 10 ms and 10 minutes; got "
                    + pollInterval);
        }
        if (tailWindow < 1 || tailWindow > MAX_TAIL_WINDOW) {
            throw new ValidationError("tailWindow", "tailWindow is between 1 and " + MAX_TAIL_WINDOW + " events; got "
                    + tailWindow);
        }
    }

    public static PostgresConfig defaults(String jdbcUrl) {
        return new PostgresConfig(jdbcUrl, "", "", DEFAULT_SCHEMA, DEFAULT_POOL_SIZE, DEFAULT_POLL_INTERVAL,
                DEFAULT_TAIL_WINDOW, StoreLimits.DEFAULT, Clock.systemUTC());
    }

    /** The defaults, changed by {@code setup}: {@code PostgresConfig.of(url, c -> c.schema = "orders")}. */
    public static PostgresConfig of(String jdbcUrl, Consumer<Builder> setup) {
        var builder = new Builder(defaults(jdbcUrl));
        setup.accept(builder);
        return builder.build();
    }

    /** The URL without a password it may carry, for messages and logs. */
    public String describeUrl() {
        return redacted(jdbcUrl);
    }

    @Override
    public String toString() {
        return "PostgresConfig[" + describeUrl() + ", user=" + user + ", schema=" + schema + ", poolSize=" + poolSize
                + "]";
    }

    static String redacted(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    public static final class Builder {
        public String jdbcUrl;
        public String user;
        public String password;
        public String schema;
        public int poolSize;
        public Duration pollInterval;
        public int tailWindow;
        public StoreLimits limits;
        public Clock clock;

        private Builder(PostgresConfig from) {
            jdbcUrl = from.jdbcUrl;
            user = from.user;
            password = from.password;
            schema = from.schema;
            poolSize = from.poolSize;
            pollInterval = from.pollInterval;
            tailWindow = from.tailWindow;
            limits = from.limits;
            clock = from.clock;
        }

        private PostgresConfig build() {
            return new PostgresConfig(jdbcUrl, user, password, schema, poolSize, pollInterval, tailWindow, limits,
                    clock);
        }
    }
}
