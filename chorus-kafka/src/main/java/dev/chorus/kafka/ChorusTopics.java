package dev.chorus.kafka;

import dev.chorus.core.ValidationError;
import java.util.regex.Pattern;

/**
 * The names Chorus gives things in Kafka: a service's topic {@code chorus.<service>}, its CloudEvents source
 * {@code /chorus/<service>}, its inbox group {@code chorus.<service>.inbox} with the dead-letter topic
 * {@code <group>.dlq}, and a handler's dead-letter topic {@code chorus.<service>.<handler>.dlq}.
 */
public final class ChorusTopics {
    /** Kafka's own rule for topic and group names that go into topic names. */
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,200}");

    private ChorusTopics() {}

    public static String serviceTopic(String service) {
        return "chorus." + validate("service", service);
    }

    public static String source(String service) {
        return "/chorus/" + validate("service", service);
    }

    public static String inboxGroup(String service) {
        return "chorus." + validate("service", service) + ".inbox";
    }

    public static String deadLetterTopic(String group) {
        return validate("group", group) + ".dlq";
    }

    public static String handlerDeadLetterTopic(String service, String handler) {
        return "chorus." + validate("service", service) + "." + validate("handler", handler) + ".dlq";
    }

    /** {@code name} if Kafka accepts it inside a topic name: 1 to 200 of a-z, A-Z, 0-9, '.', '_', '-'. */
    public static String validate(String field, String name) {
        if (name == null || !LEGAL.matcher(name).matches()) {
            throw new ValidationError(field, "a " + field + " name used in Kafka topic names is 1 to 200 letters,"
                    + " digits, '.', '_' or '-'; got " + (name == null ? "null" : "\"" + name + "\""));
        }
        return name;
    }
}
