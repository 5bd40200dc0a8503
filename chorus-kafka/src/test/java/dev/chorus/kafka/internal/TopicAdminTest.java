package dev.chorus.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.kafka.KafkaSettings;
import dev.chorus.kafka.Replication;
import dev.chorus.testkit.kafka.KafkaFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

class TopicAdminTest {
    private final KafkaSettings settings = KafkaSettings.of(KafkaFixture.bootstrapServers());

    @Test
    void a_topic_it_creates_takes_the_first_send_to_every_partition_without_a_retry() throws Exception {
        int partitions = 6;
        var topics = new ArrayList<String>();
        try (var admin = new TopicAdmin(settings, "test-admin", Duration.ofSeconds(30))) {
            for (int i = 0; i < 5; i++) {
                String topic = KafkaFixture.uniqueTopic("chorus.fresh");
                admin.ensure(topic, partitions, Replication.BROKER_DEFAULT);
                topics.add(topic);
            }
        }

        try (var producer = new KafkaProducer<byte[], byte[]>(settings.producer("test-first-sends"))) {
            var sent = new ArrayList<Future<RecordMetadata>>();
            for (String topic : topics) {
                for (int partition = 0; partition < partitions; partition++) {
                    sent.add(producer.send(new ProducerRecord<>(topic, partition, null,
                            "{}".getBytes(StandardCharsets.UTF_8))));
                }
            }
            for (var send : sent) {
                send.get();
            }

            assertThat(metric(producer, "record-retry-total")).as("sends retried because a leader was not ready")
                    .isZero();
            assertThat(metric(producer, "record-send-total")).isEqualTo(topics.size() * partitions);
        }
    }

    @Test
    void an_existing_topic_is_left_as_it_is() {
        String topic = KafkaFixture.uniqueTopic("chorus.existing");
        KafkaFixture.createTopic(topic, 2);

        try (var admin = new TopicAdmin(settings, "test-admin", Duration.ofSeconds(30))) {
            admin.ensure(topic, 6, Replication.BROKER_DEFAULT);

            var description = admin.await(admin.admin().describeTopics(List.of(topic)).allTopicNames(),
                    "describing").get(topic);
            assertThat(description.partitions()).hasSize(2);
        }
    }

    private static double metric(KafkaProducer<byte[], byte[]> producer, String name) {
        return producer.metrics().entrySet().stream()
                .filter(entry -> entry.getKey().name().equals(name)
                        && entry.getKey().group().equals("producer-metrics"))
                .mapToDouble(entry -> ((Number) entry.getValue().metricValue()).doubleValue())
                .findFirst().orElseThrow();
    }
}
