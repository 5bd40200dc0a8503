package dev.chorus.distributed;

import dev.chorus.core.ValidationError;
import dev.chorus.kafka.ChorusTopics;
import dev.chorus.kafka.KafkaSettings;
import dev.chorus.shop.ShopRole;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * How one process of the distributed shop runs: its role, the Kafka cluster, the PostgreSQL database and the
 * schema its store lives in (by default {@code chorus_<role>}: every role its own, instances of one role the
 * same), where its facts are kept (that schema, or with a {@code dataDir} the embedded log in that directory, for
 * one instance of the role), and, for the API, the address it serves.
 */
public record ProcessConfig(ShopRole role, KafkaSettings kafka, String postgresUrl, String schema,
                            Optional<Path> dataDir, String host, int port, Duration answerTimeout,
                            Duration leaderCheck, Duration brokerWait, Clock clock) {
    public static final Duration DEFAULT_ANSWER_TIMEOUT = Duration.ofSeconds(10);
    /** How long a process waits at its start for a Kafka broker to listen: as long as its admin calls wait. */
    public static final Duration DEFAULT_BROKER_WAIT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_LEADER_CHECK = Duration.ofMillis(500);
    public static final int DEFAULT_PORT = 7070;
    /** What every role's default schema starts with. */
    public static final String SCHEMA_PREFIX = "chorus_";

    public ProcessConfig {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(postgresUrl, "postgresUrl");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(dataDir, "dataDir");
        dataDir = dataDir.map(dir -> dir.toAbsolutePath().normalize());
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(answerTimeout, "answerTimeout");
        Objects.requireNonNull(leaderCheck, "leaderCheck");
        Objects.requireNonNull(brokerWait, "brokerWait");
        Objects.requireNonNull(clock, "clock");
        if (!postgresUrl.startsWith("jdbc:postgresql:")) {
            throw new ValidationError("postgres", "--postgres takes a PostgreSQL JDBC URL, like "
                    + "jdbc:postgresql://127.0.0.1:5432/chorus?user=chorus (the value given is not repeated: it may hold a"
                    + " password)");
        }
        if (port < 0 || port > 65_535) {
            throw new ValidationError("port", "a port is 0 (any free one) to 65535; got " + port);
        }
        if (answerTimeout.isNegative() || answerTimeout.isZero()) {
            throw new ValidationError("answerTimeout", "the answer timeout must be positive; got " + answerTimeout);
        }
    }

    /** {@code chorus_<role>}: the schema of a role's store unless {@code --schema} names another. */
    public static String defaultSchema(ShopRole role) {
        return SCHEMA_PREFIX + role.id();
    }

    /**
     * The consumer group of this store's inbox: the role's ({@code chorus.<role>.inbox}) on the role's default schema,
     * else one of the store's own ({@code chorus.<role>.inbox.<schema>}). Instances of one store share its group and
     * split its partitions; another store of the role (an API serving beside the first) needs every fact itself.
     */
    public String inboxGroup() {
        return ofThisStore(ChorusTopics.inboxGroup(role.id()));
    }

    /** The consumer group in which the API reads every service's dead-letter topics, one per API store as its inbox. */
    public String deadLetterBoardGroup() {
        return ofThisStore("chorus." + role.id() + ".dead-letter-board");
    }

    /** The consumer group in which a service reads the retries and discards asked of its dead letters elsewhere. */
    public String deadLetterRequestsGroup() {
        return ofThisStore("chorus." + role.id() + ".dead-letter-requests");
    }

    /** The role's group on its default schema; one of the store's own on any other (it needs every record itself). */
    private String ofThisStore(String group) {
        return schema.equals(defaultSchema(role)) ? group : group + "." + schema;
    }

    public static ProcessConfig of(ShopRole role, KafkaSettings kafka, String postgresUrl, Consumer<Builder> setup) {
        var builder = new Builder(role);
        setup.accept(builder);
        return new ProcessConfig(role, kafka, postgresUrl, builder.schema,
                Optional.ofNullable(builder.dataDir), builder.host, builder.port,
                builder.answerTimeout, builder.leaderCheck, builder.brokerWait, builder.clock);
    }

    public static final class Builder {
        public String schema;
        /** Where the role's facts are kept, when not in its schema: the embedded log in this directory. */
        public @Nullable Path dataDir;
        public String host = "127.0.0.1";
        public int port = DEFAULT_PORT;
        public Duration answerTimeout = DEFAULT_ANSWER_TIMEOUT;
        public Duration leaderCheck = DEFAULT_LEADER_CHECK;
        public Duration brokerWait = DEFAULT_BROKER_WAIT;
        public Clock clock = Clock.systemUTC();

        private Builder(ShopRole role) {
            this.schema = defaultSchema(role);
        }
    }
}
