package dev.chorus.testkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broker in a child JVM, killed with SIGKILL and started again on its port and data directory. */
class ChildKafkaTest {
    @TempDir
    Path dir;

    @Test
    void given_an_acknowledged_record_when_the_broker_is_killed_and_restarted_then_the_record_is_still_there()
            throws Exception {
        try (var kafka = KafkaFixture.child(dir.resolve("kafka"))) {
            String bootstrap = kafka.bootstrapServers();
            KafkaFixture.createTopic(bootstrap, "shipments", 1);
            try (var producer = new KafkaProducer<String, String>(KafkaFixture.producerProperties(bootstrap))) {
                producer.send(new ProducerRecord<>("shipments", "order-1", "ShipmentScheduled")).get();
            }
            long pid = kafka.pid();

            kafka.kill();

            assertThat(ProcessHandle.of(pid)).as("SIGKILL ended the broker's JVM").isEmpty();
            assertThat(kafka.isRunning()).isFalse();

            kafka.restart();

            assertThat(kafka.bootstrapServers()).as("clients keep their address").isEqualTo(bootstrap);
            assertThat(kafka.pid()).isNotEqualTo(pid);
            assertThat(readAll(bootstrap, "shipments")).containsExactly("order-1=ShipmentScheduled");

            kafka.stop(Duration.ofSeconds(60));
            assertThat(kafka.isRunning()).isFalse();
            assertThatThrownBy(kafka::pid).isInstanceOf(IllegalStateException.class).hasMessageContaining("restart");
        }
    }

    private static List<String> readAll(String bootstrap, String topic) {
        var values = new ArrayList<String>();
        try (var consumer = new KafkaConsumer<String, String>(KafkaFixture.consumerProperties(bootstrap,
                KafkaFixture.uniqueGroup("reader")))) {
            var partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.key() + "=" + r.value()));
            }
        }
        return values;
    }
}
