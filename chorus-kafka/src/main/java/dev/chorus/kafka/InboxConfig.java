package dev.chorus.kafka;

import dev.chorus.core.ValidationError;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How an {@link Inbox} brings the facts a service reacts to into its store: from {@code topics}, in consumer group
 * {@code group} (default {@code chorus.<service>.inbox}), keeping only {@code acceptedTypes} (empty: every type),
 * sending records it cannot read to {@code deadLetterTopic} (default {@code <group>.dlq}, created at start with
 * {@code deadLetterPartitions} and {@code replication}). A failed import is retried after
 * {@code initialBackoff}, doubling up to {@code maxBackoff}; topics that do not exist yet are looked for again
 * every {@code topicCheckInterval}. The offsets of what was imported are committed at most every
 * {@code commitInterval} (and when partitions are revoked or the inbox stops): a commit is a request to the group
 * coordinator, and one after every poll cost more than the import at a few hundred events per second; committing
 * later only means more records read again, and skipped, after a crash. Each record of an accepted type passes
 * {@code check} before it is imported (default {@link ImportCheck#NONE}); one that fails goes to the dead letters.
 */
public record InboxConfig(String service, List<String> topics, String group, Set<String> acceptedTypes,
                          String deadLetterTopic, int deadLetterPartitions, Replication replication,
                          Duration pollTimeout, Duration initialBackoff, Duration maxBackoff,
                          Duration topicCheckInterval, Duration adminTimeout, Duration commitInterval,
                          ImportCheck check) {
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(200);

    public InboxConfig {
        ChorusTopics.validate("service", service);
        topics = List.copyOf(topics);
        if (topics.isEmpty()) {
            throw new ValidationError("topics", "an inbox reads at least one topic");
        }
        topics.forEach(topic -> ChorusTopics.validate("topic", topic));
        ChorusTopics.validate("group", group);
        acceptedTypes = Set.copyOf(acceptedTypes);
        ChorusTopics.validate("deadLetterTopic", deadLetterTopic);
        if (topics.contains(deadLetterTopic)) {
            throw new ValidationError("deadLetterTopic", "the dead-letter topic " + deadLetterTopic
                    + " cannot also be read by the inbox");
        }
        if (deadLetterPartitions < 1) {
            throw new ValidationError("deadLetterPartitions", "a topic has at least 1 partition; got "
                    + deadLetterPartitions);
        }
        Objects.requireNonNull(replication, "replication");
        positive("pollTimeout", pollTimeout);
        positive("initialBackoff", initialBackoff);
        positive("maxBackoff", maxBackoff);
        positive("topicCheckInterval", topicCheckInterval);
        positive("adminTimeout", adminTimeout);
        positive("commitInterval", commitInterval);
        Objects.requireNonNull(check, "check");
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new ValidationError("maxBackoff", "maxBackoff must be at least initialBackoff");
        }
    }

    /** Without a check of the records' data ({@link ImportCheck#NONE}). */
    public InboxConfig(String service, List<String> topics, String group, Set<String> acceptedTypes,
                       String deadLetterTopic, int deadLetterPartitions, Replication replication, Duration pollTimeout,
                       Duration initialBackoff, Duration maxBackoff, Duration topicCheckInterval, Duration adminTimeout,
                       Duration commitInterval) {
        this(service, topics, group, acceptedTypes, deadLetterTopic, deadLetterPartitions, replication,
                pollTimeout, initialBackoff, maxBackoff, topicCheckInterval, adminTimeout, commitInterval,
                ImportCheck.NONE);
    }

    /** The defaults for {@code service} reading {@code topics}. */
    public static InboxConfig of(String service, List<String> topics) {
        String group = ChorusTopics.inboxGroup(service);
        return new InboxConfig(service, topics, group, Set.of(), ChorusTopics.deadLetterTopic(group), 1,
                Replication.BROKER_DEFAULT,
                Duration.ofMillis(500), Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofSeconds(5),
                Duration.ofSeconds(30), DEFAULT_COMMIT_INTERVAL);
    }

    /** The defaults for {@code service} reacting to the facts of {@code services}: topics {@code chorus.<service>}. */
    public static InboxConfig reactingTo(String service, String... services) {
        return of(service, Arrays.stream(services).map(ChorusTopics::serviceTopic).toList());
    }

    /** Another group; the dead-letter topic follows it. */
    public InboxConfig withGroup(String newGroup) {
        return new InboxConfig(service, topics, newGroup, acceptedTypes, ChorusTopics.deadLetterTopic(newGroup),
                deadLetterPartitions, replication, pollTimeout, initialBackoff, maxBackoff, topicCheckInterval,
                adminTimeout, commitInterval, check);
    }

    /** Imports only events of these type names; the others are skipped (and their offsets committed). */
    public InboxConfig withAcceptedTypes(Set<String> types) {
        return new InboxConfig(service, topics, group, types, deadLetterTopic, deadLetterPartitions,
                replication, pollTimeout, initialBackoff, maxBackoff, topicCheckInterval, adminTimeout,
                commitInterval, check);
    }

    public InboxConfig withBackoff(Duration initial, Duration max) {
        return new InboxConfig(service, topics, group, acceptedTypes, deadLetterTopic, deadLetterPartitions,
                replication, pollTimeout, initial, max, topicCheckInterval, adminTimeout, commitInterval,
                check);
    }

    public InboxConfig withTopicCheckInterval(Duration interval) {
        return new InboxConfig(service, topics, group, acceptedTypes, deadLetterTopic, deadLetterPartitions,
                replication, pollTimeout, initialBackoff, maxBackoff, interval, adminTimeout,
                commitInterval, check);
    }

    /** How often at most the offsets of what was imported are committed. */
    public InboxConfig withCommitInterval(Duration interval) {
        return new InboxConfig(service, topics, group, acceptedTypes, deadLetterTopic, deadLetterPartitions,
                replication, pollTimeout, initialBackoff, maxBackoff, topicCheckInterval, adminTimeout, interval,
                check);
    }

    /** Checks each record of an accepted type before it is imported; one that fails goes to the dead letters. */
    /** How many copies its dead-letter topic gets when the inbox creates it. */
    public InboxConfig withReplication(Replication newReplication) {
        return new InboxConfig(service, topics, group, acceptedTypes, deadLetterTopic, deadLetterPartitions,
                newReplication, pollTimeout, initialBackoff, maxBackoff, topicCheckInterval, adminTimeout,
                commitInterval, check);
    }

    public InboxConfig withCheck(ImportCheck newCheck) {
        return new InboxConfig(service, topics, group, acceptedTypes, deadLetterTopic, deadLetterPartitions,
                replication, pollTimeout, initialBackoff, maxBackoff, topicCheckInterval, adminTimeout,
                commitInterval, newCheck);
    }

    boolean accepts(String typeName) {
        return acceptedTypes.isEmpty() || acceptedTypes.contains(typeName);
    }

    private static void positive(String field, Duration duration) {
        Objects.requireNonNull(duration, field);
        if (duration.isNegative() || duration.isZero()) {
            throw new ValidationError(field, field + " must be positive; got " + duration);
        }
    }
}
