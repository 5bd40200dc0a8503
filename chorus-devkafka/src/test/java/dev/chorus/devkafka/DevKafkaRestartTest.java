package dev.chorus.devkafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping a broker in this JVM and starting it again on the same directory and port; and what a start refuses. */
class DevKafkaRestartTest {
    @TempDir
    Path dir;

    @Test
    void given_a_topic_with_a_record_when_the_broker_is_stopped_and_started_again_on_its_directory_then_both_are_there()
            throws Exception {
        var config = DevKafkaConfig.of(c -> c.dataDir = dir);
        int port;
        try (var first = DevKafka.start(config)) {
            port = first.port();
            try (var producer = producer(first)) {
                producer.send(new ProducerRecord<>("payments", "payment-1", "PaymentAuthorized")).get();
            }
        }
        assertThat(dir.resolve("meta.properties")).as("a given directory is kept").exists();

        try (var second = DevKafka.start(config.withPort(port))) {
            assertThat(second.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            try (var admin = Admin.create(Map.of("bootstrap.servers", second.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get()).contains("payments");
            }
            assertThat(readAll(second, "payments")).containsExactly("payment-1=PaymentAuthorized");
        }
    }

    @Test
    void given_no_data_directory_when_the_broker_closes_then_its_temporary_directory_is_gone() {
        Path temporary;
        try (var kafka = DevKafka.start(DevKafkaConfig.defaults())) {
            temporary = kafka.dataDir();
            assertThat(kafka.temporaryDataDir()).isTrue();
            assertThat(temporary.resolve("meta.properties")).exists();
        }
        assertThat(temporary).doesNotExist();
    }

    @Test
    void given_a_port_in_use_when_a_broker_starts_there_then_it_fails_saying_so_and_writes_nothing() throws Exception {
        try (var taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> DevKafka.start(c -> {
                c.port = port;
                c.dataDir = dir;
            })).isInstanceOf(BrokerStartFailed.class)
                    .hasMessageContaining("port " + port)
                    .hasMessageContaining("in use")
                    .satisfies(e -> assertThat(((BrokerStartFailed) e).port()).isEqualTo(port))
                    .hasRootCauseInstanceOf(java.net.BindException.class);
        }
        assertThat(dir).isEmptyDirectory();
    }

    private static KafkaProducer<String, String> producer(DevKafka kafka) {
        return new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all"),
                new StringSerializer(), new StringSerializer());
    }

    private static List<String> readAll(DevKafka kafka, String topic) {
        var values = new ArrayList<String>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                new StringDeserializer(), new StringDeserializer())) {
            var partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(partition) < consumer.endOffsets(List.of(partition)).get(partition)
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.key() + "=" + r.value()));
            }
        }
        return values;
    }
}
