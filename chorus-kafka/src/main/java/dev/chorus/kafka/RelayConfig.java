package dev.chorus.kafka;

import dev.chorus.core.ValidationError;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Relay} publishes one service's facts: to {@code topic} (default {@code chorus.<service>}), created
 * at start with {@code partitions} and {@code replicationFactor} when it does not exist yet, its position kept in
 * the state store under checkpoint {@code checkpointName} (default {@code relay/<topic>}), at most
 * {@code maxBatch} events sent before the broker's acknowledgement is awaited and the checkpoint moved.
 */
public record RelayConfig(String service, String topic, int partitions, short replicationFactor,
                          String checkpointName, int maxBatch, Duration adminTimeout, Duration closeTimeout) {
    public static final int DEFAULT_PARTITIONS = 6;
    public static final int DEFAULT_MAX_BATCH = 1_000;

    public RelayConfig {
        ChorusTopics.validate("service", service);
        ChorusTopics.validate("topic", topic);
        Objects.requireNonNull(checkpointName, "checkpointName");
        Objects.requireNonNull(adminTimeout, "adminTimeout");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        if (partitions < 1) {
            throw new ValidationError("partitions", "a topic has at least 1 partition; got " + partitions);
        }
        if (replicationFactor < 1) {
            throw new ValidationError("replicationFactor", "the replication factor is at least 1; got "
                    + replicationFactor);
        }
        if (maxBatch < 1) {
            throw new ValidationError("maxBatch", "a batch holds at least 1 event; got " + maxBatch);
        }
        if (checkpointName.isBlank()) {
            throw new ValidationError("checkpointName", "the relay's checkpoint needs a name");
        }
    }

    /** The defaults for {@code service}: topic {@code chorus.<service>}, 6 partitions, replication factor 1. */
    public static RelayConfig forService(String service) {
        String topic = ChorusTopics.serviceTopic(service);
        return new RelayConfig(service, topic, DEFAULT_PARTITIONS, (short) 1, "relay/" + topic, DEFAULT_MAX_BATCH,
                Duration.ofSeconds(30), Duration.ofSeconds(10));
    }

    /** Another topic; the checkpoint name follows it. */
    public RelayConfig withTopic(String newTopic) {
        return new RelayConfig(service, newTopic, partitions, replicationFactor, "relay/" + newTopic, maxBatch,
                adminTimeout, closeTimeout);
    }

    public RelayConfig withPartitions(int newPartitions) {
        return new RelayConfig(service, topic, newPartitions, replicationFactor, checkpointName, maxBatch,
                adminTimeout, closeTimeout);
    }

    public RelayConfig withReplicationFactor(int factor) {
        if (factor > Short.MAX_VALUE) {
            throw new ValidationError("replicationFactor", "the replication factor is at most " + Short.MAX_VALUE);
        }
        return new RelayConfig(service, topic, partitions, (short) factor, checkpointName, maxBatch, adminTimeout,
                closeTimeout);
    }

    public RelayConfig withMaxBatch(int newMaxBatch) {
        return new RelayConfig(service, topic, partitions, replicationFactor, checkpointName, newMaxBatch,
                adminTimeout, closeTimeout);
    }

    String clientId() {
        return "chorus-relay-" + service;
    }
}
