package dev.chorus.kafka;

/**
 * Headers Chorus adds to a record it puts on a dead-letter topic, beside the original key, value and headers:
 * why, and where it came from, so Kafka tooling can show and replay it.
 */
public final class DeadLetterHeaders {
    public static final String REASON = "chorus.dlq.reason";
    public static final String TOPIC = "chorus.dlq.topic";
    public static final String PARTITION = "chorus.dlq.partition";
    public static final String OFFSET = "chorus.dlq.offset";
    public static final String GROUP = "chorus.dlq.group";
    public static final String AT = "chorus.dlq.at";

    private DeadLetterHeaders() {}
}
