package dev.chorus.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.EventType;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.core.memory.InMemoryEventStore;
import dev.chorus.core.memory.InMemoryStateStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A relay or an inbox started where no broker answers: a typed error naming the cluster, and nothing recorded. */
class KafkaUnavailableTest {
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(2);

    private final InMemoryEventStore store = new InMemoryEventStore();
    private final InMemoryStateStore state = new InMemoryStateStore();

    @AfterEach
    void close() {
        store.close();
        state.close();
    }

    /** A loopback address where nothing listens: a port that was free a moment ago. */
    private static String nowhere() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "127.0.0.1:" + socket.getLocalPort();
        }
    }

    @Test
    void a_relay_started_where_no_broker_answers_fails_naming_the_cluster_and_its_topic() throws IOException {
        String address = nowhere();
        store.append("order-1", ExpectedVersion.any(), List.of(NewEvent.of(EventType.of("OrderPlaced", 1),
                "{}".getBytes(StandardCharsets.UTF_8))));
        var defaults = RelayConfig.forService("orders");
        var config = new RelayConfig(defaults.service(), defaults.topic(), 1, Replication.factor(1),
                defaults.checkpointName(), 16, defaults.checkpointInterval(), defaults.initialBackoff(), defaults.maxBackoff(), ADMIN_TIMEOUT,
                defaults.closeTimeout());

        assertThatThrownBy(() -> Relay.start(KafkaSettings.of(address), store, state, config))
                .isInstanceOfSatisfying(KafkaUnavailable.class, e -> {
                    assertThat(e.bootstrapServers()).isEqualTo(address);
                    assertThat(e.action()).contains("chorus.orders");
                    assertThat(e.getMessage()).contains(address).contains("no broker answered in time")
                            .contains("--kafka");
                });
        assertThat(state.scan("", "", 10)).as("nothing written to the state store").isEmpty();
    }

    @Test
    void an_inbox_started_where_no_broker_answers_fails_naming_the_cluster_and_its_dead_letter_topic()
            throws IOException {
        String address = nowhere();
        var defaults = InboxConfig.reactingTo("payments", "orders");
        var config = new InboxConfig(defaults.service(), defaults.topics(), defaults.group(), defaults.acceptedTypes(),
                defaults.deadLetterTopic(), 1, Replication.factor(1), defaults.pollTimeout(), defaults.initialBackoff(),
                defaults.maxBackoff(), defaults.topicCheckInterval(), ADMIN_TIMEOUT, defaults.commitInterval());

        assertThatThrownBy(() -> Inbox.start(KafkaSettings.of(address), store, config))
                .isInstanceOfSatisfying(KafkaUnavailable.class, e -> {
                    assertThat(e.bootstrapServers()).isEqualTo(address);
                    assertThat(e.action()).contains(config.deadLetterTopic());
                });
        assertThat(store.readAll(0, 10)).as("nothing imported").isEmpty();
    }
}
