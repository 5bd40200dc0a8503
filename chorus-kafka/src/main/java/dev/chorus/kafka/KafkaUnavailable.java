package dev.chorus.kafka;

import dev.chorus.core.ChorusException;
import java.util.concurrent.TimeoutException;

/**
 * Kafka did not answer in time, or refused: what Chorus was doing ({@code action}) against which cluster.
 * Check that the brokers run and that the client properties (SASL, TLS) match the cluster, then start again.
 */
public final class KafkaUnavailable extends ChorusException {
    private final String bootstrapServers;
    private final String action;

    public KafkaUnavailable(String bootstrapServers, String action, Throwable cause) {
        super("Kafka at " + bootstrapServers + " failed while " + action + ": " + describe(cause), cause);
        this.bootstrapServers = bootstrapServers;
        this.action = action;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String action() {
        return action;
    }

    /** A timeout is the usual answer of a cluster that is not there: say so, and what to check. */
    private static String describe(Throwable cause) {
        Throwable root = cause;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 16; depth++) {
            root = root.getCause();
        }
        if (cause instanceof TimeoutException || root instanceof TimeoutException
                || root instanceof org.apache.kafka.common.errors.TimeoutException) {
            return "no broker answered in time; check that the brokers run and that --kafka (and the client"
                    + " properties of --kafka-config: SASL, TLS) point at them (" + root + ")";
        }
        return String.valueOf(cause);
    }
}
