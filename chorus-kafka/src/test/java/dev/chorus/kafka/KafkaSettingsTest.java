package dev.chorus.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.ValidationError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaSettingsTest {
    @TempDir
    Path dir;

    private Path file(String text) throws IOException {
        return Files.writeString(dir.resolve("client.properties"), text);
    }

    @Nested
    class From_a_properties_file {
        @Test
        void keeps_every_setting_of_the_file_and_adds_only_what_chorus_needs() throws IOException {
            var settings = KafkaSettings.load("broker-1:9093", file("""
                    security.protocol=SASL_SSL
                    sasl.mechanism=SCRAM-SHA-512
                    sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="u" password="p";
                    ssl.truststore.location=/etc/kafka/truststore.jks
                    linger.ms=20
                    auto.offset.reset=latest
                    """));

            var producer = settings.producer("relay");
            var consumer = settings.consumer("chorus.orders.inbox", "inbox");

            assertThat(producer).containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                    .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.jks")
                    .containsEntry("linger.ms", "20")
                    .containsEntry("bootstrap.servers", "broker-1:9093")
                    .containsEntry("enable.idempotence", "true")
                    .containsEntry("acks", "all");
            assertThat(consumer).containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("auto.offset.reset", "latest")
                    .containsEntry("enable.auto.commit", "false")
                    .containsEntry("isolation.level", "read_committed")
                    .containsEntry("group.id", "chorus.orders.inbox");
            assertThat(settings.admin("admin")).containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        }

        @Test
        void a_producer_does_not_linger_and_batches_up_to_128_kib_unless_the_file_says_otherwise()
                throws IOException {
            var defaults = KafkaSettings.of("b:9092");
            var lingering = KafkaSettings.load("b:9092", file("linger.ms=7\nbatch.size=16384\n"));

            assertThat(defaults.producer("relay")).containsEntry("linger.ms", "0")
                    .containsEntry("batch.size", "131072");
            assertThat(lingering.producer("relay")).containsEntry("linger.ms", "7")
                    .containsEntry("batch.size", "16384");
        }

        @Test
        void accepts_the_required_values_spelled_otherwise() throws IOException {
            var settings = KafkaSettings.load("b:9092", file("acks=-1\nenable.idempotence=TRUE\n"
                    + "isolation.level=READ_COMMITTED\nmax.in.flight.requests.per.connection=5\n"));

            assertThat(settings.producer("p")).containsEntry("acks", "all");
        }

        @Test
        void takes_the_bootstrap_servers_from_the_file_when_none_are_given() throws IOException {
            var settings = KafkaSettings.load("", file("bootstrap.servers=a:9092,b:9092\n"));

            assertThat(settings.bootstrapServers()).isEqualTo("a:9092,b:9092");
        }

        @Test
        void a_bootstrap_server_that_is_not_host_and_port_is_a_validation_error_naming_it() {
            assertThatThrownBy(() -> KafkaSettings.of("127.0.0.1:9092,19092"))
                    .isInstanceOfSatisfying(ValidationError.class, e -> {
                        assertThat(e.field()).isEqualTo("kafka");
                        assertThat(e.getMessage()).contains("'19092' is not HOST:PORT");
                    });
            assertThatThrownBy(() -> KafkaSettings.of("127.0.0.1:99999")).isInstanceOf(ValidationError.class)
                    .hasMessageContaining("a port from 1 to 65535");
            assertThat(KafkaSettings.of("[::1]:9092, localhost:19092").bootstrapServers())
                    .isEqualTo("[::1]:9092, localhost:19092");
        }

        @Test
        void a_missing_file_is_a_validation_error_naming_it() {
            var missing = dir.resolve("nope.properties");

            assertThatThrownBy(() -> KafkaSettings.load("b:9092", missing))
                    .isInstanceOf(ValidationError.class).hasMessageContaining(missing.toString());
        }
    }

    @Nested
    class Refuses_a_file_that_contradicts_the_guarantees {
        @Test
        void a_producer_that_is_not_idempotent() throws IOException {
            var file = file("enable.idempotence=false\n");

            assertThatThrownBy(() -> KafkaSettings.load("b:9092", file))
                    .isInstanceOfSatisfying(KafkaConfigConflict.class, e -> {
                        assertThat(e.key()).isEqualTo("enable.idempotence");
                        assertThat(e.required()).isEqualTo("true");
                        assertThat(e.given()).isEqualTo("false");
                    });
        }

        @Test
        void acks_below_all() throws IOException {
            var file = file("acks=1\n");

            assertThatThrownBy(() -> KafkaSettings.load("b:9092", file))
                    .isInstanceOfSatisfying(KafkaConfigConflict.class, e -> assertThat(e.key()).isEqualTo("acks"))
                    .hasMessageContaining("acks=1").hasMessageContaining("acks=all");
        }

        @Test
        void auto_commit_read_uncommitted_or_other_serializers() {
            assertThatThrownBy(() -> new KafkaSettings("b:9092", Map.of("enable.auto.commit", "true")))
                    .isInstanceOf(KafkaConfigConflict.class);
            assertThatThrownBy(() -> new KafkaSettings("b:9092", Map.of("isolation.level", "read_uncommitted")))
                    .isInstanceOf(KafkaConfigConflict.class);
            assertThatThrownBy(() -> new KafkaSettings("b:9092",
                    Map.of("value.serializer", "org.apache.kafka.common.serialization.StringSerializer")))
                    .isInstanceOf(KafkaConfigConflict.class);
        }

        @Test
        void more_than_five_requests_in_flight() {
            assertThatThrownBy(() -> new KafkaSettings("b:9092",
                    Map.of("max.in.flight.requests.per.connection", "10")))
                    .isInstanceOfSatisfying(KafkaConfigConflict.class,
                            e -> assertThat(e.key()).isEqualTo("max.in.flight.requests.per.connection"));
        }

        @Test
        void another_group_than_the_inbox_names() {
            var settings = new KafkaSettings("b:9092", Map.of("group.id", "shared"));

            assertThatThrownBy(() -> settings.consumer("chorus.orders.inbox", "inbox"))
                    .isInstanceOfSatisfying(KafkaConfigConflict.class, e -> assertThat(e.key()).isEqualTo("group.id"));
        }

        @Test
        void bootstrap_servers_given_twice_differently() {
            assertThatThrownBy(() -> new KafkaSettings("a:9092", Map.of("bootstrap.servers", "b:9092")))
                    .isInstanceOf(KafkaConfigConflict.class);
        }
    }

    @Test
    void no_bootstrap_servers_anywhere_is_refused() {
        assertThatThrownBy(() -> KafkaSettings.of(" ")).isInstanceOf(ValidationError.class)
                .hasMessageContaining("--kafka");
    }

    @Test
    void never_prints_a_value_that_may_be_a_password() {
        var settings = new KafkaSettings("b:9092", Map.of("ssl.keystore.password", "s3cret"));

        assertThat(settings.toString()).contains("ssl.keystore.password").doesNotContain("s3cret");
    }
}
