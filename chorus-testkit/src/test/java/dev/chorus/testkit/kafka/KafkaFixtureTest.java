package dev.chorus.testkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class KafkaFixtureTest {
    @Test
    void given_the_shared_broker_when_a_record_is_produced_with_acks_all_then_a_new_group_consumes_it() throws Exception {
        String topic = KafkaFixture.uniqueTopic("fixture");
        KafkaFixture.createTopic(topic, 2);

        try (var producer = new KafkaProducer<String, String>(KafkaFixture.producerProperties())) {
            producer.send(new ProducerRecord<>(topic, "order-7", "OrderPlaced")).get();
        }

        var values = new ArrayList<String>();
        try (var consumer = new KafkaConsumer<String, String>(
                KafkaFixture.consumerProperties(KafkaFixture.uniqueGroup("fixture")))) {
            consumer.subscribe(Set.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.key() + "=" + r.value()));
            }
            consumer.commitSync();
        }
        assertThat(values).containsExactly("order-7=OrderPlaced");
    }

    @Test
    void every_caller_gets_the_same_broker_and_every_topic_name_is_new() throws Exception {
        assertThat(KafkaFixture.shared()).isSameAs(KafkaFixture.shared());
        assertThat(KafkaFixture.bootstrapServers()).startsWith("127.0.0.1:");
        assertThat(KafkaFixture.uniqueTopic("a b/c")).matches("a-b-c-[0-9a-f]+-\\d+")
                .isNotEqualTo(KafkaFixture.uniqueTopic("a b/c"));

        try (var admin = Admin.create(KafkaFixture.adminProperties())) {
            assertThat(admin.describeCluster().nodes().get()).hasSize(1);
        }
    }

}
