package dev.chorus.kafka;

import dev.chorus.core.ValidationError;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Relay} publishes one service's facts: to {@code topic} (default {@code chorus.<service>}), created
 * at start with {@code partitions} and {@code replicationFactor} when it does not exist yet, its position kept in
 * the state store under checkpoint {@code checkpointName} (default {@code relay/<topic>}), committed at most every
 * {@code checkpointInterval}; at most {@code maxInFlight} events sent and not yet acknowledged by the broker. After
 * a producer failure the relay starts a new producer from its checkpoint after {@code initialBackoff}, doubling up
 * to {@code maxBackoff} while the failures go on.
 */
public record RelayConfig(String service, String topic, int partitions, short replicationFactor,
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
        if (replicationFactor < 1) {
            throw new ValidationError("replicationFactor", "the replication factor is at least 1; got "
                    + replicationFactor);
        }
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
     * The defaults for {@code service}: topic {@code chorus.<service>}, 6 partitions, replication factor 1, 10,000
     * events in flight, the checkpoint committed at most every 100 ms, restarts after 100 ms doubling to 10 s.
     */
    public static RelayConfig forService(String service) {
        String topic = ChorusTopics.serviceTopic(service);
        return new RelayConfig(service, topic, DEFAULT_PARTITIONS, (short) 1, "relay/" + topic, DEFAULT_MAX_IN_FLIGHT,
                Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(10));
    }

    /** Another topic; the checkpoint name follows it. */
    public RelayConfig withTopic(String newTopic) {
        return new RelayConfig(service, newTopic, partitions, replicationFactor, "relay/" + newTopic, maxInFlight,
                checkpointInterval, initialBackoff, maxBackoff, adminTimeout, closeTimeout);
    }

    public RelayConfig withPartitions(int newPartitions) {
        return new RelayConfig(service, topic, newPartitions, replicationFactor, checkpointName, maxInFlight,
                checkpointInterval, initialBackoff, maxBackoff, adminTimeout, closeTimeout);
    }

    public RelayConfig withReplicationFactor(int factor) {
        if (factor > Short.MAX_VALUE) {
            throw new ValidationError("replicationFactor", "the replication factor is at most " + Short.MAX_VALUE);
        }
        return new RelayConfig(service, topic, partitions, (short) factor, checkpointName, maxInFlight,
                checkpointInterval, initialBackoff, maxBackoff, adminTimeout, closeTimeout);
    }

    public RelayConfig withMaxInFlight(int newMaxInFlight) {
        return new RelayConfig(service, topic, partitions, replicationFactor, checkpointName, newMaxInFlight,
                checkpointInterval, initialBackoff, maxBackoff, adminTimeout, closeTimeout);
    }

    public RelayConfig withCheckpointInterval(Duration interval) {
        return new RelayConfig(service, topic, partitions, replicationFactor, checkpointName, maxInFlight, interval,
                initialBackoff, maxBackoff, adminTimeout, closeTimeout);
    }

    public RelayConfig withBackoff(Duration initial, Duration max) {
        return new RelayConfig(service, topic, partitions, replicationFactor, checkpointName, maxInFlight,
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
