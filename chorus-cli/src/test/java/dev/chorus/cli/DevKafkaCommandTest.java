package dev.chorus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.testkit.kafka.KafkaFixture;
import dev.chorus.testkit.process.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chorus dev-kafka} as a user runs it: a child JVM, a producer against the address it prints, SIGTERM. */
class DevKafkaCommandTest {
    private static final Pattern ADDRESS = Pattern.compile("127\\.0\\.0\\.1:\\d+");

    @TempDir
    Path dir;

    @Test
    void given_dev_kafka_when_it_prints_ready_then_it_takes_a_record_and_stops_cleanly_on_sigterm() throws Exception {
        Path data = dir.resolve("kafka-data");
        try (var cli = ChildJvm.start(Main.class, dir.resolve("stderr.txt"), "dev-kafka", "--port", "0",
                "--data-dir", data)) {
            String ready = cli.awaitLine("ready", Duration.ofSeconds(90));
            var address = ADDRESS.matcher(ready);
            assertThat(address.find()).as("the ready line names the bootstrap address: %s", ready).isTrue();
            String bootstrap = address.group();

            KafkaFixture.createTopic(bootstrap, "orders", 1);
            try (var producer = new KafkaProducer<String, String>(KafkaFixture.producerProperties(bootstrap))) {
                var sent = producer.send(new ProducerRecord<>("orders", "order-1", "OrderPlaced")).get();
                assertThat(sent.offset()).as("acknowledged with acks=all").isZero();
            }

            cli.terminate(Duration.ofSeconds(60));

            assertThat(cli.lines()).as("stderr:%n%s", cli.stderr()).last().asString()
                    .startsWith("stopped the Kafka broker at " + bootstrap);
            assertThat(cli.stderr()).as("Kafka's INFO logging stays quiet").doesNotContain(" INFO ");
            assertThat(data.resolve("meta.properties")).as("--data-dir is kept").exists();
        }
    }

    @Test
    void help_shows_the_port_and_the_data_directory() {
        var result = Cli.run("help", "dev-kafka");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("--port", "9092", "--data-dir", "--kafka");
    }

    @Test
    void a_port_out_of_range_is_a_usage_error() {
        var result = Cli.run("dev-kafka", "--port", "70000");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(Main.USAGE_ERROR);
        assertThat(result.err()).contains("--port").contains("70000");
    }
}
