package dev.chorus.devkafka.internal;

import java.util.Map;

/**
 * Keeps the broker's and Kafka clients' INFO logging (hundreds of lines per start) out of test and CLI output.
 * Kafka logs through SLF4J; with slf4j-simple, the backend this module brings, a logger's level is read from
 * system properties when the logger is created, so this runs before any Kafka class logs. A level set by the user
 * (a system property, or another SLF4J backend's own configuration) is left alone.
 */
public final class QuietLogging {
    private static final String PREFIX = "org.slf4j.simpleLogger.log.";
    private static final Map<String, String> LEVELS = Map.of(
            "kafka", "warn",
            "org.apache.kafka", "warn",
            "state.change.logger", "warn",
            // warns on every first start that the metadata log is empty, which is what a new directory holds
            "org.apache.kafka.controller.QuorumController", "error");

    private QuietLogging() {}

    public static void apply() {
        LEVELS.forEach(QuietLogging::setUnlessSet);
    }

    /**
     * For a process that runs the broker and no clients of its own: the broker's internal clients warn on every clean
     * stop that they were closed twice, which is no news to whoever stops a broker.
     */
    public static void applyForBrokerProcess() {
        apply();
        setUnlessSet("org.apache.kafka.clients.NetworkClient", "error");
    }

    private static void setUnlessSet(String logger, String level) {
        if (System.getProperty(PREFIX + logger) == null) {
            System.setProperty(PREFIX + logger, level);
        }
    }
}
