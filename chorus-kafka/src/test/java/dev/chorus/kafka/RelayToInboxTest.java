package dev.chorus.kafka;

import static dev.chorus.kafka.TopicReader.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.EventImporter;
import dev.chorus.core.EventType;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.context.MessageContext;
import dev.chorus.core.memory.InMemoryEventStore;
import dev.chorus.core.memory.InMemoryStateStore;
import dev.chorus.testkit.kafka.KafkaFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two services, each with its own store: orders' facts reach payments through Kafka, and never come back. */
class RelayToInboxTest {
    private final KafkaSettings settings = KafkaSettings.of(KafkaFixture.bootstrapServers());
    private final String ordersTopic = KafkaFixture.uniqueTopic("chorus.orders");
    private final String paymentsTopic = KafkaFixture.uniqueTopic("chorus.payments");

    @Test
    void a_fact_crosses_to_the_other_store_with_its_id_and_context_and_is_not_echoed() {
        try (var orders = new InMemoryEventStore(); var payments = new InMemoryEventStore();
             var ordersState = new InMemoryStateStore(); var paymentsState = new InMemoryStateStore()) {
            String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
            orders.append("order-1", ExpectedVersion.noStream(), List.of(new NewEvent(EventType.of("OrderPlaced", 1),
                    "{\"total\":5}".getBytes(StandardCharsets.UTF_8),
                    MessageContext.correlatedBy("order-1").withTraceparent(traceparent).metadata())));

            try (var ordersRelay = Relay.start(settings, orders, ordersState,
                         RelayConfig.forService("orders").withTopic(ordersTopic).withPartitions(2));
                 var paymentsInbox = Inbox.start(settings, payments, InboxConfig.of("payments", List.of(ordersTopic))
                         .withGroup(KafkaFixture.uniqueGroup("chorus.payments.inbox"))
                         .withTopicCheckInterval(Duration.ofMillis(200)));
                 var paymentsRelay = Relay.start(settings, payments, paymentsState,
                         RelayConfig.forService("payments").withTopic(paymentsTopic).withPartitions(2))) {
                Await.until("the order to reach payments", () -> payments.headPosition() == 1, paymentsInbox::toString);
                var placed = orders.readAll(0, 1).getFirst();
                var arrived = payments.readAll(0, 1).getFirst();
                payments.append("payment-1", ExpectedVersion.noStream(), List.of(new NewEvent(
                        EventType.of("PaymentAuthorized", 1), "{}".getBytes(StandardCharsets.UTF_8),
                        MessageContext.causedBy(arrived).metadata())));
                Await.until("the payments relay past both", () -> paymentsRelay.checkpoint() == 2,
                        paymentsRelay::toString);

                assertThat(ordersRelay.lag()).isZero();
                assertThat(arrived.eventId()).isEqualTo(placed.eventId());
                assertThat(arrived.streamId()).isEqualTo("order-1");
                assertThat(arrived.correlationId()).isEqualTo("order-1");
                assertThat(arrived.traceparent()).contains(traceparent);
                assertThat(arrived.data()).isEqualTo(placed.data());
                assertThat(arrived.metadata()).containsEntry(EventImporter.IMPORTED_FROM, ordersTopic);
                var published = TopicReader.read(paymentsTopic, 1);
                assertThat(published).extracting(r -> header(r, "ce_type")).containsExactly("PaymentAuthorized");
                assertThat(header(published.getFirst(), "ce_correlationid")).isEqualTo("order-1");
                assertThat(header(published.getFirst(), "ce_causationid")).isEqualTo(placed.eventId());
                assertThat(payments.readAll(0, 10)).extracting(RecordedEvent::eventId).hasSize(2);
            }
        }
    }
}
