package dev.chorus.bench.internal;

import dev.chorus.kafka.KafkaSettings;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** Topics a benchmark writes to, created before anything is timed. */
final class BenchTopics {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private BenchTopics() {}

    /**
     * Creates {@code topics} with {@code partitions} each and returns once every partition's leader answers. The
     * admin API names a leader a moment before the broker acts as one; a producer that sends in that moment gets
     * NOT_LEADER_OR_FOLLOWER, and an idempotent one can then be refused its first sequence numbers for good
     * (OutOfOrderSequenceException, retried until the delivery timeout). Asking each partition's leader for its
     * end offset, which only an acting leader answers, waits that moment out.
     */
    static void create(KafkaSettings kafka, int partitions, String... topics) throws Exception {
        try (var admin = Admin.create(kafka.admin("chorus-bench-admin"))) {
            var newTopics = Arrays.stream(topics).map(topic -> new NewTopic(topic, partitions, (short) 1)).toList();
            admin.createTopics(newTopics).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            var latest = new HashMap<TopicPartition, OffsetSpec>();
            for (String topic : topics) {
                for (int p = 0; p < partitions; p++) {
                    latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
                }
            }
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (true) {
                try {
                    admin.listOffsets(latest).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                    return;
                } catch (java.util.concurrent.ExecutionException e) {
                    if (System.nanoTime() - deadline > 0) {
                        throw new IllegalStateException("the partitions of " + List.of(topics)
                                + " have no acting leader after " + TIMEOUT, e.getCause());
                    }
                    Thread.sleep(50);
                }
            }
        }
    }
}
