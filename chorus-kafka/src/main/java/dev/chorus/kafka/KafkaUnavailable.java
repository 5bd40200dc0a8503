package dev.chorus.kafka;

import dev.chorus.core.ChorusException;

/**
 * Kafka did not answer in time, or refused: what Chorus was doing ({@code action}) against which cluster.
 * Check that the brokers run and that the client properties (SASL, TLS) match the cluster, then start again.
 */
public final class KafkaUnavailable extends ChorusException {
    private final String bootstrapServers;
    private final String action;

    public KafkaUnavailable(String bootstrapServers, String action, Throwable cause) {
        super("Kafka at " + bootstrapServers + " failed while " + action + ": " + cause, cause);
        this.bootstrapServers = bootstrapServers;
        this.action = action;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String action() {
        return action;
    }
}
