package dev.chorus.kafka;

import dev.chorus.core.ValidationError;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Relay} publishes one service's facts: to {@code topic} (default {@code chorus.<service>}), created
 * at start with {@code partitions} and {@code replication} when it does not exist yet, its position kept in
 * the state store under checkpoint {@code checkpointName} (default {@code relay/<topic>}), committed at most every
 * {@code checkpointInterval}; at most {@code maxInFlight} events sent and not yet acknowledged by the broker. After
 * a producer failure the relay starts a new producer from its checkpoint after {@code initialBackoff}, doubling up
 * to {@code maxBackoff} while the failures go on.
 */
public record RelayConfig(String service, String topic, int partitions, Replication replication,
                          String checkpointName, int maxInFlight, Duration checkpointInterval,
                          Duration initialBackoff, Duration maxBackoff, Duration adminTimeout,
                          Duration closeTimeout) {
    public static final int DEFAULT_PARTITIONS = 6;
    public static final int DEFAULT_MAX_IN_FLIGHT = 10_000;

    public RelayConfig {
        ChorusTopics.validate("service", service);
        ChorusTopics.validate("topic", topic);
        Objects.requireNonNull(checkpointName, "checkpointName");
        positive("checkpointInterval", checkpointInterval);
        positive("initialBackoff", initialBackoff);
        positive("maxBackoff", maxBackoff);
        positive("adminTimeout", adminTimeout);
        positive("closeTimeout", closeTimeout);
        if (partitions < 1) {
            throw new ValidationError("partitions", "a topic has at least 1 partition; got " + partitions);
        }
        Objects.requireNonNull(replication, "replication");
        if (maxInFlight < 1) {
            throw new ValidationError("maxInFlight", "at least 1 event must be allowed in flight; got " + maxInFlight);
        }
        if (checkpointName.isBlank()) {
            throw new ValidationError("checkpointName", "the relay's checkpoint needs a name");
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new ValidationError("maxBackoff", "maxBackoff must be at least initialBackoff");
        }
    }

    /**
     * The defaults for {@code service}: topic {@code chorus.<service>}, 6 partitions, the broker's default replication
     * factor, 10,000 events in flight, the checkpoint committed at most every 100 ms, restarts after 100 ms doubling
     * to 10 s.
     */
    public static RelayConfig forService(String service) {
        String topic = ChorusTopics.serviceTopic(service);
        return new RelayConfig(service, topic, DEFAULT_PARTITIONS, Replication.BROKER_DEFAULT, "relay/" + topic,
                DEFAULT_MAX_IN_FLIGHT, Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(10));
    }

    /** Another topic; the checkpoint name follows it. */
    public RelayConfig withTopic(String newTopic) {
        return new RelayConfig(service, newTopic, partitions, replication, "relay/" + newTopic, maxInFlight,
                checkpointInterval, initialBackoff, maxBackoff, adminTimeout, closeTimeout);
    }

    public RelayConfig withPartitions(int newPartitions) {
        return new RelayConfig(service, topic, newPartitions, replication, checkpointName, maxInFlight,
                checkpointInterval, initialBackoff, maxBackoff, adminTimeout, closeTimeout);
    }

    public RelayConfig withReplication(Replication newReplication) {
        return new RelayConfig(service, topic, partitions, newReplication, checkpointName, maxInFlight,
                checkpointInterval, initialBackoff, maxBackoff, adminTimeout, closeTimeout);
    }

    public RelayConfig withMaxInFlight(int newMaxInFlight) {
        return new RelayConfig(service, topic, partitions, replication, checkpointName, newMaxInFlight,
                checkpointInterval, initialBackoff, maxBackoff, adminTimeout, closeTimeout);
    }

    public RelayConfig withCheckpointInterval(Duration interval) {
        return new RelayConfig(service, topic, partitions, replication, checkpointName, maxInFlight, interval,
                initialBackoff, maxBackoff, adminTimeout, closeTimeout);
    }

    public RelayConfig withBackoff(Duration initial, Duration max) {
        return new RelayConfig(service, topic, partitions, replication, checkpointName, maxInFlight,
                checkpointInterval, initial, max, adminTimeout, closeTimeout);
    }

    String clientId() {
        return "chorus-relay-" + service;
    }

    private static void positive(String field, Duration duration) {
        Objects.requireNonNull(duration, field);
        if (duration.isNegative() || duration.isZero()) {
            throw new ValidationError(field, field + " must be positive; got " + duration);
        }
    }
}
