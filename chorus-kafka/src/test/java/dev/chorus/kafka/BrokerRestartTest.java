package dev.chorus.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.EventType;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.memory.InMemoryEventStore;
import dev.chorus.core.memory.InMemoryStateStore;
import dev.chorus.testkit.kafka.KafkaFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker SIGKILLed and started again while facts flow: relay and inbox carry on, nothing lost or doubled. */
class BrokerRestartTest {
    private static final EventType PLACED = EventType.of("OrderPlaced", 1);

    @Test
    void relay_and_inbox_ride_out_a_broker_killed_and_restarted(@TempDir Path dir) {
        try (var kafka = KafkaFixture.child(dir.resolve("kafka"));
             var orders = new InMemoryEventStore(); var ordersState = new InMemoryStateStore();
             var payments = new InMemoryEventStore()) {
            var settings = KafkaSettings.of(kafka.bootstrapServers());
            append(orders, 0, 50);
            try (var relay = Relay.start(settings, orders, ordersState,
                         RelayConfig.forService("orders").withPartitions(2));
                 var inbox = Inbox.start(settings, payments, InboxConfig.reactingTo("payments", "orders")
                         .withTopicCheckInterval(Duration.ofMillis(200)))) {
                Await.until("the first half to arrive", () -> payments.headPosition() == 50, inbox::toString);

                kafka.kill();
                append(orders, 50, 50);
                kafka.restart();

                Await.until("everything to arrive", () -> payments.headPosition() >= 100,
                        () -> relay + " " + inbox + " payments holds " + payments.headPosition());
                Await.until("the relay to catch up", () -> relay.lag() == 0, relay::toString);
                assertThat(relay.status()).isEqualTo(BridgeStatus.RUNNING);
            }
            assertThat(ids(payments)).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids(orders));
        }
    }

    private static void append(InMemoryEventStore store, int from, int count) {
        for (int i = from; i < from + count; i++) {
            store.append("order-" + (i % 7), ExpectedVersion.any(),
                    List.of(NewEvent.of(PLACED, ("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8))));
        }
    }

    private static List<String> ids(InMemoryEventStore store) {
        return store.readAll(0, 1_000).stream().map(RecordedEvent::eventId).toList();
    }
}
