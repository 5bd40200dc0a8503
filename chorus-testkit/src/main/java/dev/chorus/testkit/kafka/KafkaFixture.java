package dev.chorus.testkit.kafka;

import dev.chorus.devkafka.DevKafka;
import dev.chorus.devkafka.DevKafkaConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;

/**
 * Real Kafka brokers for tests. {@link #shared()} is one broker inside the test JVM, started on first use and
 * stopped when the JVM exits, shared by every test of the JVM: tests keep apart by {@link #uniqueTopic topic} and
 * group names. {@link #child} starts a broker in a child JVM, for tests that kill it. The client properties are
 * plain starting points (string keys and values) that a test changes as it needs.
 */
public final class KafkaFixture {
    private static final AtomicLong NAMES = new AtomicLong();
    private static @Nullable DevKafka shared;
    private static @Nullable RuntimeException sharedFailure;

    static {
        // before the first Kafka client of a test logs its configuration at INFO
        DevKafka.quietKafkaLogging();
    }

    private KafkaFixture() {}

    /**
     * The broker of this JVM, on a free port of 127.0.0.1 and a temporary directory; started by the first call
     * (a few seconds), closed by a shutdown hook.
     *
     * @throws dev.chorus.devkafka.BrokerStartFailed when it does not start, on this and every later call
     */
    public static synchronized DevKafka shared() {
        if (sharedFailure != null) {
            throw sharedFailure;
        }
        if (shared == null) {
            try {
                var kafka = DevKafka.start(DevKafkaConfig.defaults());
                Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("shared-kafka-shutdown")
                        .unstarted(kafka::close));
                shared = kafka;
            } catch (RuntimeException e) {
                sharedFailure = e;
                throw e;
            }
        }
        return shared;
    }

    /** {@code bootstrap.servers} of the {@link #shared()} broker. */
    public static String bootstrapServers() {
        return shared().bootstrapServers();
    }

    /**
     * A broker in a child JVM on {@code dataDir} (formatted when new) and a free port, started and accepting clients.
     * The caller closes it, which kills it.
     */
    public static ChildKafka child(Path dataDir) {
        return ChildKafka.start(dataDir, 0);
    }

    /** A topic name no other test of this JVM or of an earlier run uses: {@code prefix-<random>-<n>}. */
    public static String uniqueTopic(String prefix) {
        return uniqueName(prefix);
    }

    /** A consumer group id no other test uses, like {@link #uniqueTopic}. */
    public static String uniqueGroup(String prefix) {
        return uniqueName(prefix);
    }

    /** Creates {@code topic} with {@code partitions} partitions on the shared broker and waits until it exists. */
    public static void createTopic(String topic, int partitions) {
        createTopic(bootstrapServers(), topic, partitions);
    }

    /**
     * Creates {@code topic} with {@code partitions} partitions (replication factor 1) and waits until every
     * partition's leader serves it. The admin API names a leader a moment before the broker acts as one; an
     * idempotent producer sending in that moment can have its first sequence numbers refused for good
     * (OutOfOrderSequenceException on every retry). Only an acting leader answers ListOffsets.
     */
    public static void createTopic(String bootstrapServers, String topic, int partitions) {
        try (var admin = Admin.create(adminProperties(bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
            var latest = new HashMap<TopicPartition, OffsetSpec>();
            for (int partition = 0; partition < partitions; partition++) {
                latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                try {
                    admin.listOffsets(latest).all().get();
                    return;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof RetriableException) || System.nanoTime() - deadline > 0) {
                        throw e;
                    }
                    Thread.sleep(20);
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create topic " + topic + " at " + bootstrapServers + ": "
                    + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + topic, e);
        }
    }

    /** Admin client properties for the shared broker. */
    public static Properties adminProperties() {
        return adminProperties(bootstrapServers());
    }

    public static Properties adminProperties(String bootstrapServers) {
        var props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Objects.requireNonNull(bootstrapServers));
        return props;
    }

    /** An idempotent producer with {@code acks=all} and string keys and values, for the shared broker. */
    public static Properties producerProperties() {
        return producerProperties(bootstrapServers());
    }

    public static Properties producerProperties(String bootstrapServers) {
        var props = adminProperties(bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return props;
    }

    /**
     * A consumer in {@code groupId} that starts at the earliest offset, commits only when told, and reads string keys
     * and values, for the shared broker.
     */
    public static Properties consumerProperties(String groupId) {
        return consumerProperties(bootstrapServers(), groupId);
    }

    public static Properties consumerProperties(String bootstrapServers, String groupId) {
        var props = adminProperties(bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, Objects.requireNonNull(groupId));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return props;
    }

    private static String uniqueName(String prefix) {
        // Kafka allows letters, digits, '.', '_' and '-' in topic names.
        String legal = prefix.replaceAll("[^A-Za-z0-9._-]", "-");
        String name = legal + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16) + "-"
                + NAMES.incrementAndGet();
        return name.length() <= 200 ? name : name.substring(name.length() - 200);
    }
}
