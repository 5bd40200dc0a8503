package dev.chorus.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.ValidationError;
import dev.chorus.core.memory.InMemoryEventStore;
import dev.chorus.core.memory.InMemoryStateStore;
import dev.chorus.devkafka.DevKafka;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Topics Chorus creates take the cluster's default.replication.factor unless a config names a factor: on a broker of
 * one node whose default is 2, a topic with the default cannot be made, and one with a factor of 1 can.
 */
class ReplicationTest {
    private static DevKafka broker;

    @BeforeAll
    static void startABrokerWhoseDefaultIsTwoCopies() {
        DevKafka.quietKafkaLogging();
        broker = DevKafka.start(c -> c.overrides.put("default.replication.factor", "2"));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private final InMemoryEventStore store = new InMemoryEventStore();
    private final InMemoryStateStore state = new InMemoryStateStore();
    private final KafkaSettings settings = KafkaSettings.of(broker.bootstrapServers());

    @Test
    void a_relay_asks_for_the_brokers_default_replication_factor() {
        var config = RelayConfig.forService("orders").withTopic("chorus.orders.broker-default");

        assertThatThrownBy(() -> Relay.start(settings, store, state, config))
                .isInstanceOf(KafkaUnavailable.class)
                .hasMessageContaining("chorus.orders.broker-default")
                .rootCause().hasMessageContaining("replication factor");
    }

    @Test
    void a_relay_given_a_factor_creates_its_topic_with_that_many_copies() throws Exception {
        var config = RelayConfig.forService("orders").withTopic("chorus.orders.one-copy")
                .withReplication(Replication.factor(1));

        try (var relay = Relay.start(settings, store, state, config);
             var admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            var topic = admin.describeTopics(List.of("chorus.orders.one-copy")).allTopicNames().get()
                    .get("chorus.orders.one-copy");
            assertThat(topic.partitions()).allSatisfy(partition -> assertThat(partition.replicas()).hasSize(1));
        }
    }

    @Test
    void an_inbox_asks_for_the_brokers_default_for_its_dead_letter_topic() {
        var config = InboxConfig.reactingTo("payments", "orders");

        assertThatThrownBy(() -> Inbox.start(settings, store, config))
                .isInstanceOf(KafkaUnavailable.class)
                .hasMessageContaining(config.deadLetterTopic())
                .rootCause().hasMessageContaining("replication factor");
    }

    @Test
    void an_inbox_given_a_factor_creates_its_dead_letter_topic_with_that_many_copies() throws Exception {
        var config = InboxConfig.reactingTo("shipping", "orders").withReplication(Replication.factor(1));

        try (var inbox = Inbox.start(settings, store, config);
             var admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            var topic = admin.describeTopics(List.of(config.deadLetterTopic())).allTopicNames().get()
                    .get(config.deadLetterTopic());
            assertThat(topic.partitions()).allSatisfy(partition -> assertThat(partition.replicas()).hasSize(1));
        }
    }

    @Test
    void a_factor_below_one_is_refused() {
        assertThatThrownBy(() -> Replication.factor(0)).isInstanceOf(ValidationError.class)
                .hasMessageContaining("between 1 and");
    }
}
