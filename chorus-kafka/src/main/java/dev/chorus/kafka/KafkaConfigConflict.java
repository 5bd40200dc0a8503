package dev.chorus.kafka;

import dev.chorus.core.ValidationError;

/**
 * A Kafka client setting contradicts what Chorus needs for its guarantees (an idempotent producer with
 * acks=all, a consumer that commits offsets itself and reads only committed records): remove the setting from
 * the client properties file, or set it to {@code required}.
 */
public final class KafkaConfigConflict extends ValidationError {
    private final String key;
    private final String required;
    private final String given;

    public KafkaConfigConflict(String key, String required, String given, String why) {
        super(key, "Kafka client setting " + key + "=" + given + " contradicts what Chorus needs (" + key + "="
                + required + "): " + why + "; remove it from the client properties or set it to " + required);
        this.key = key;
        this.required = required;
        this.given = given;
    }

    public String key() {
        return key;
    }

    public String required() {
        return required;
    }

    public String given() {
        return given;
    }
}
