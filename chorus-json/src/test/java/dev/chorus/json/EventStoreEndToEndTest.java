package dev.chorus.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.EventType;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.StoreLimits;
import dev.chorus.core.SubscriptionFilter;
import dev.chorus.core.codec.UnknownEventType;
import dev.chorus.core.context.MessageContext;
import dev.chorus.core.memory.InMemoryEventStore;
import dev.chorus.json.OrderEvent.ItemsAdded;
import dev.chorus.json.OrderEvent.Line;
import dev.chorus.json.OrderEvent.Money;
import dev.chorus.json.OrderEvent.OrderCancelled;
import dev.chorus.json.OrderEvent.OrderPlaced;
import dev.chorus.json.OrderEvent.Reason;
import dev.chorus.testkit.RecordingHandler;
import dev.chorus.testkit.property.PropertyCheck;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The codec with a real store: encode, append, read back, decode. */
class EventStoreEndToEndTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final InMemoryEventStore store = new InMemoryEventStore(Clock.fixed(NOW, ZoneOffset.UTC), StoreLimits.DEFAULT);
    private final JsonEventCodec<OrderEvent> codec = OrderCodecs.today();

    private final OrderPlaced placed = new OrderPlaced("order-1", "Ada Lovelace",
            new Money(new BigDecimal("42.00"), "GBP"), NOW);
    private final ItemsAdded added = new ItemsAdded("order-1",
            List.of(new Line("sku-🎵", 2, new BigDecimal("21.00")), new Line("sku-日本", 1, BigDecimal.ZERO)));
    private final OrderCancelled cancelled = new OrderCancelled("order-1", Reason.PAYMENT_FAILED, "card declined");

    @AfterEach
    void close_the_store() {
        store.close();
    }

    private NewEvent toNew(OrderEvent event, MessageContext context) {
        var encoded = codec.encode(event);
        return new NewEvent(encoded.type(), encoded.data(), context.metadata());
    }

    private List<NewEvent> toNew(List<? extends OrderEvent> events) {
        return events.stream().map(event -> toNew(event, MessageContext.root())).toList();
    }

    @Nested
    class A_stream {
        @Test
        void appended_as_encoded_events_reads_back_as_the_same_records_in_order() {
            store.append("order-1", ExpectedVersion.noStream(), toNew(List.of(placed, added, cancelled)));

            var decoded = store.readStream("order-1").stream().map(codec::decode).toList();

            assertThat(decoded).containsExactly(placed, added, cancelled);
        }

        @Test
        void keeps_the_type_names_and_versions_and_the_metadata_of_the_context_beside_the_data() {
            store.append("order-1", ExpectedVersion.noStream(), toNew(placed, MessageContext.correlatedBy("checkout-7")));

            var stored = store.readStream("order-1").getFirst();

            assertThat(stored.type()).isEqualTo(EventType.of("OrderPlaced", 3));
            assertThat(stored.correlationId()).isEqualTo("checkout-7");
            assertThat(codec.decode(stored)).isEqualTo(placed);
        }

        @Test
        void of_generated_events_reads_back_equal_records_after_every_append() {
            PropertyCheck.forAll(100, OrderEventGen.ANY.list(1, 5), events -> {
                var streamId = "order-" + store.headPosition();
                var result = store.append(streamId, ExpectedVersion.noStream(), toNew(events));

                assertThat(store.readStream(streamId).stream().map(codec::decode).toList()).isEqualTo(events);
                assertThat(result.lastVersion()).isEqualTo(events.size() - 1);
            });
        }
    }

    @Nested
    class The_global_order {
        private static final EventType INVOICE_SENT = EventType.of("InvoiceSent", 1);

        private void appendWithAnotherServicesEventBetween() {
            store.append("order-1", ExpectedVersion.noStream(), toNew(List.of(placed)));
            store.append("invoice-1", ExpectedVersion.noStream(),
                    NewEvent.of(INVOICE_SENT, "{\"invoice\":\"inv-1\"}".getBytes(StandardCharsets.UTF_8)));
            store.append("order-1", ExpectedVersion.exactly(0), toNew(List.of(cancelled)));
        }

        @Test
        void read_by_a_service_that_skips_unknown_types_yields_its_own_events_only() {
            appendWithAnotherServicesEventBetween();

            var decoded = store.readAll(0, 100).stream().filter(event -> codec.knows(event.type().name()))
                    .map(codec::decode).toList();

            assertThat(decoded).containsExactly(placed, cancelled);
        }

        @Test
        void read_by_a_service_that_does_not_skip_stops_at_the_unknown_type_with_its_position() {
            appendWithAnotherServicesEventBetween();

            assertThatThrownBy(() -> store.readAll(0, 100).forEach(codec::decode))
                    .isInstanceOfSatisfying(UnknownEventType.class, e -> {
                        assertThat(e.type()).isEqualTo(INVOICE_SENT);
                        assertThat(e.position()).isEqualTo(1);
                    });
        }

        @Test
        void subscribed_to_with_the_codecs_type_names_delivers_only_decodable_events() {
            appendWithAnotherServicesEventBetween();
            var handler = RecordingHandler.before(codec::decode);

            try (var subscription = store.subscribe(0, new SubscriptionFilter.TypeNames(codec.typeNames()), handler)) {
                var delivered = handler.awaitEvents(2, WAIT);

                assertThat(delivered).extracting(RecordedEvent::position).containsExactly(0L, 2L);
                assertThat(delivered.stream().map(codec::decode)).containsExactly(placed, cancelled);
                assertThat(subscription.completion()).isNotDone();
            }
        }

        @Test
        void subscribed_to_without_a_filter_fails_the_subscription_with_the_unknown_type() throws Exception {
            appendWithAnotherServicesEventBetween();
            var handler = RecordingHandler.before(codec::decode);

            try (var subscription = store.subscribe(0, handler)) {
                assertThatThrownBy(() -> subscription.completion().get(WAIT.toSeconds(), TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(UnknownEventType.class);
                assertThat(handler.events()).extracting(RecordedEvent::position).containsExactly(0L);
            }
        }
    }
}
