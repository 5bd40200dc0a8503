package dev.chorus.core.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.LimitExceeded;
import dev.chorus.core.Metadata;
import dev.chorus.core.NewEvent;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.UuidV7;
import dev.chorus.core.ValidationError;
import dev.chorus.core.context.MessageContext;
import dev.chorus.core.handler.ShopEvent.OrderPaid;
import dev.chorus.core.handler.ShopEvent.OrderPlaced;
import dev.chorus.core.state.StateStore;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HandlerContextTest {
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private final HandlerFixture fixture = new HandlerFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    /** A placed order appended in a conversation of its own, with a traceparent. */
    private RecordedEvent givenAPlacedOrderInAConversation() {
        var encoded = fixture.codec().encode(new OrderPlaced("7", 70));
        var context = MessageContext.correlatedBy("checkout-7").withTraceparent(TRACEPARENT);
        fixture.events.append("order-7", ExpectedVersion.any(),
                new NewEvent(encoded.type(), encoded.data(), context.metadata()));
        return fixture.stream("order-7").getFirst();
    }

    private void run(EventHandler<ShopEvent> handler) throws InterruptedException {
        fixture.awaitCaughtUp(fixture.start(HandlerRegistration.of("mailer", fixture.codec(), handler)
                .withRetry(RetryPolicy.defaults().withMaxAttempts(3))));
    }

    private static EventHandler<ShopEvent> onPlaced(EventHandler<OrderPlaced> body) {
        return (event, context) -> {
            if (event instanceof OrderPlaced placed) {
                body.handle(placed, context);
            }
        };
    }

    @Nested
    class Events_appended_while_handling {
        @Test
        void inherit_the_correlation_id_and_traceparent_and_are_caused_by_the_handled_event() throws Exception {
            var handled = givenAPlacedOrderInAConversation();

            run(onPlaced((placed, context) -> context.append("mail-7", ExpectedVersion.any(), fixture.codec(),
                    List.of(new OrderPaid("7")))));

            var written = fixture.stream("mail-7").getFirst();
            assertThat(written.correlationId()).isEqualTo("checkout-7");
            assertThat(written.causationId()).isEqualTo(handled.eventId());
            assertThat(written.traceparent()).contains(TRACEPARENT);
        }

        @Test
        void of_a_root_event_are_correlated_by_that_events_own_id() throws Exception {
            fixture.append("order-1", new OrderPlaced("1", 10));
            var root = fixture.stream("order-1").getFirst();

            run(onPlaced((placed, context) -> context.append("mail-1", ExpectedVersion.any(), fixture.codec(),
                    List.of(new OrderPaid("1")))));

            var written = fixture.stream("mail-1").getFirst();
            assertThat(written.correlationId()).isEqualTo(root.eventId());
            assertThat(written.causationId()).isEqualTo(root.eventId());
        }

        @Test
        void cannot_leave_the_conversation_by_setting_another_correlation_id() throws Exception {
            givenAPlacedOrderInAConversation();

            run(onPlaced((placed, context) -> context.append("mail-7", ExpectedVersion.any(),
                    NewEvent.of(ShopCodec.PAID, "7".getBytes()).withMetadata(Map.of(Metadata.CORRELATION_ID, "other")))));

            assertThat(fixture.stream("mail-7").getFirst().correlationId()).isEqualTo("checkout-7");
        }

        @Test
        void get_the_same_ids_on_every_attempt_and_distinct_ids_within_one() throws Exception {
            var handled = givenAPlacedOrderInAConversation();

            run(onPlaced((placed, context) -> {
                context.append("mail-7", ExpectedVersion.any(), fixture.codec(),
                        List.of(new OrderPaid("7"), new OrderPaid("7")));
                if (context.attempt() == 1) {
                    throw new Transient("mail server busy");
                }
            }));

            var ids = fixture.stream("mail-7").stream().map(RecordedEvent::eventId).toList();
            assertThat(ids).hasSize(4);
            assertThat(ids.subList(2, 4)).isEqualTo(ids.subList(0, 2));
            assertThat(ids.get(0)).isNotEqualTo(ids.get(1));
            assertThat(UuidV7.millisOf(UUID.fromString(ids.get(0))))
                    .isEqualTo(handled.recordedAt().toEpochMilli());
        }

        @Test
        void keep_an_event_id_the_handler_chose() throws Exception {
            givenAPlacedOrderInAConversation();
            var chosen = "0190f2a4-0000-7000-8000-000000000042";

            run(onPlaced((placed, context) -> context.append("mail-7", ExpectedVersion.any(),
                    NewEvent.of(ShopCodec.PAID, "7".getBytes()).withMetadata(Map.of(Metadata.EVENT_ID, chosen)))));

            assertThat(fixture.stream("mail-7").getFirst().eventId()).isEqualTo(chosen);
        }
    }

    @Nested
    class The_handlers_state {
        @Test
        void shows_an_attempt_its_own_writes_before_they_are_committed() throws Exception {
            fixture.append("order-1", new OrderPlaced("1", 10));
            var seen = new java.util.concurrent.atomic.AtomicReference<String>();

            run(onPlaced((placed, context) -> {
                context.state().put("a", "1".getBytes());
                context.state().put("b", "2".getBytes());
                context.state().delete("b");
                seen.set(context.state().get("a").map(String::new).orElse("none") + "/"
                        + context.state().get("b").map(String::new).orElse("none"));
            }));

            assertThat(seen.get()).isEqualTo("1/none");
            assertThat(fixture.stateOf("mailer", "a")).contains("1");
            assertThat(fixture.stateOf("mailer", "b")).isEmpty();
        }

        @Test
        void is_private_to_the_handler() throws Exception {
            fixture.append("order-1", new OrderPlaced("1", 10));

            run(onPlaced((placed, context) -> context.state().put("shared", "mine".getBytes())));

            assertThat(fixture.state.get("shared")).isEmpty();
            assertThat(fixture.state.get("handler/mailer/state/shared")).isPresent();
        }

        @Test
        void refuses_a_key_the_store_would_refuse_so_the_event_is_dead_lettered_and_the_handler_goes_on()
                throws Exception {
            fixture.append("order-1", new OrderPlaced("1", 10));
            fixture.append("order-2", new OrderPlaced("2", 20));
            fixture.append("order-3", new OrderPlaced("3", 30));

            run(onPlaced((placed, context) -> context.state().put(switch (placed.orderId()) {
                case "1" -> "broken-\uD800";
                case "2" -> "long-" + "k".repeat(StateStore.MAX_KEY_BYTES);
                default -> "order-" + placed.orderId();
            }, "seen".getBytes())));

            assertThat(fixture.pendingLetters()).extracting(letter -> letter.position(),
                    letter -> letter.failure().errorClass(), letter -> letter.attempts()).containsExactly(
                    tuple(0L, ValidationError.class.getName(), 1), tuple(1L, LimitExceeded.class.getName(), 1));
            assertThat(fixture.stateOf("mailer", "order-3")).contains("seen");
        }

        @Test
        void and_the_clock_are_the_ones_the_handler_was_given() throws Exception {
            fixture.append("order-1", new OrderPlaced("1", 10));
            var now = new java.util.concurrent.atomic.AtomicReference<java.time.Instant>();

            run(onPlaced((placed, context) -> now.set(context.clock().instant())));

            assertThat(now.get()).isEqualTo(TestClock.START);
        }
    }
}
