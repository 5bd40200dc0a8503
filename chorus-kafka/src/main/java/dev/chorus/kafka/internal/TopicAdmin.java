package dev.chorus.kafka.internal;

import dev.chorus.kafka.KafkaSettings;
import dev.chorus.kafka.KafkaUnavailable;
import dev.chorus.kafka.Replication;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

/** The few admin calls the bridge makes, each with a deadline, each failure a {@link KafkaUnavailable}. */
public final class TopicAdmin implements AutoCloseable {
    private final Admin admin;
    private final String bootstrapServers;
    private final Duration timeout;

    public TopicAdmin(KafkaSettings settings, String clientId, Duration timeout) {
        this.admin = Admin.create(settings.admin(clientId));
        this.bootstrapServers = settings.bootstrapServers();
        this.timeout = timeout;
    }

    public Admin admin() {
        return admin;
    }

    /**
     * Creates {@code topic} unless it exists (an existing topic is left as it is), and waits until every partition's
     * leader serves it. The admin API names a leader a moment before the broker acts as one; an idempotent producer
     * that sends in that moment gets NOT_LEADER_OR_FOLLOWER, and can then have its first sequence numbers refused
     * for good (OutOfOrderSequenceException on every retry until the delivery timeout). Only an acting leader
     * answers ListOffsets, so one answer from every partition waits that moment out.
     */
    public void ensure(String topic, int partitions, Replication replication) {
        try {
            var created = new NewTopic(topic, Optional.of(partitions), replication.forNewTopic());
            await(admin.createTopics(List.of(created)).all(), "creating topic " + topic);
        } catch (KafkaUnavailable e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                var description = await(admin.describeTopics(List.of(topic)).allTopicNames(), "describing " + topic)
                        .get(topic);
                if (description.partitions().stream().allMatch(partition -> partition.leader() != null)) {
                    var latest = new HashMap<TopicPartition, OffsetSpec>();
                    description.partitions().forEach(partition ->
                            latest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest()));
                    await(admin.listOffsets(latest).all(), "asking the leaders of " + topic + " for their offsets");
                    return;
                }
            } catch (KafkaUnavailable e) {
                if (!(e.getCause() instanceof RetriableException)) {
                    throw e;
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new KafkaUnavailable(bootstrapServers, "waiting for the leaders of " + topic,
                        new TimeoutException("no leader after " + timeout));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaUnavailable(bootstrapServers, "waiting for the leaders of " + topic, e);
            }
        }
    }

    /** Those of {@code topics} that do not exist yet. */
    public Set<String> missing(Collection<String> topics) {
        var existing = await(admin.listTopics().names(), "listing topics");
        var missing = new HashSet<>(topics);
        missing.removeAll(existing);
        return missing;
    }

    public <T> T await(KafkaFuture<T> future, String action) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new KafkaUnavailable(bootstrapServers, action, e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaUnavailable(bootstrapServers, action, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailable(bootstrapServers, action, e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
