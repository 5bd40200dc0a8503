package dev.chorus.core.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.handler.ShopEvent.OrderPaid;
import dev.chorus.core.handler.ShopEvent.OrderPlaced;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ParkStreamTest {
    private final HandlerFixture fixture = new HandlerFixture();
    private final ScriptedHandler handler = new ScriptedHandler();

    @AfterEach
    void close() {
        fixture.close();
    }

    private HandlerRegistration<ShopEvent> parking() {
        return HandlerRegistration.of("shipping", fixture.codec(), handler)
                .withRetry(RetryPolicy.noRetries())
                .withOrdering(OrderingMode.parkStream());
    }

    /** order-1: placed (fails), paid; order-2: placed; order-1: placed again. Positions 0..3. */
    private RunningHandler givenOrder1FailsAndLaterEventsArrive() throws InterruptedException {
        handler.alwaysFailing("1");
        fixture.append("order-1", new OrderPlaced("1", 10));
        fixture.append("order-1", new OrderPaid("1"));
        fixture.append("order-2", new OrderPlaced("2", 20));
        fixture.append("order-1", new OrderPlaced("1", 30));
        var running = fixture.start(parking());
        fixture.awaitCaughtUp(running);
        return running;
    }

    @Nested
    class While_a_dead_letter_parks_its_stream {
        @Test
        void later_events_of_that_stream_wait_and_other_streams_go_on() throws Exception {
            givenOrder1FailsAndLaterEventsArrive();

            assertThat(handler.handledPositions()).containsExactly(2L);
            assertThat(handler.calls()).extracting(ScriptedHandler.Seen::position).containsExactly(0L, 2L);
            assertThat(fixture.pendingLetters()).singleElement().satisfies(letter -> {
                assertThat(letter.position()).isEqualTo(0);
                assertThat(letter.parksStream()).isTrue();
            });
        }

        @Test
        void the_checkpoint_moves_past_the_parked_events_because_they_are_recorded_durably() throws Exception {
            givenOrder1FailsAndLaterEventsArrive();

            assertThat(fixture.checkpointOf("shipping")).isEqualTo(fixture.events.headPosition());
            assertThat(fixture.state.scan("handler/shipping/parked/", 10)).hasSize(2);
        }

        @Test
        void events_of_the_stream_appended_later_wait_too() throws Exception {
            var running = givenOrder1FailsAndLaterEventsArrive();

            fixture.append("order-1", new OrderPaid("1"));
            fixture.awaitCaughtUp(running);

            assertThat(handler.calls()).extracting(ScriptedHandler.Seen::position).containsExactly(0L, 2L);
        }
    }

    @Nested
    class When_the_dead_letter_is_retried_successfully {
        @Test
        void it_and_then_the_waiting_events_are_delivered_in_stream_order() throws Exception {
            var running = givenOrder1FailsAndLaterEventsArrive();
            handler.healed("1");

            var after = fixture.deadLetters.retry(DeadLetterId.of("shipping", 0));

            assertThat(after.status()).isInstanceOf(DeadLetterStatus.Resolved.class);
            assertThat(handler.handledPositions()).containsExactly(2L, 0L, 1L, 3L);
            assertThat(fixture.state.scan("handler/shipping/parked", 10)).isEmpty();

            fixture.append("order-1", new OrderPaid("1"));
            fixture.awaitCaughtUp(running);
            assertThat(handler.handledPositions()).hasSize(5).last().isNotIn(0L, 1L, 2L, 3L);
        }

        @Test
        void a_failed_retry_keeps_the_stream_parked() throws Exception {
            givenOrder1FailsAndLaterEventsArrive();

            var after = fixture.deadLetters.retry(DeadLetterId.of("shipping", 0));

            assertThat(after.status()).isEqualTo(DeadLetterStatus.open());
            assertThat(after.attempts()).isEqualTo(2);
            assertThat(handler.handledPositions()).containsExactly(2L);
            assertThat(fixture.state.scan("handler/shipping/parked/", 10)).hasSize(2);
        }
    }

    @Nested
    class When_a_waiting_event_fails_on_release {
        @Test
        void it_becomes_the_dead_letter_the_rest_of_the_stream_waits_for() throws Exception {
            givenOrder1FailsAndLaterEventsArrive();
            handler.healed("1").failingAt(1, new IllegalStateException("paid twice"));

            var retried = fixture.deadLetters.retry(DeadLetterId.of("shipping", 0));

            assertThat(retried.status()).isInstanceOf(DeadLetterStatus.Resolved.class);
            assertThat(handler.handledPositions()).containsExactly(2L, 0L);
            assertThat(fixture.pendingLetters()).singleElement().satisfies(letter -> {
                assertThat(letter.id()).isEqualTo(DeadLetterId.of("shipping", 1));
                assertThat(letter.parksStream()).isTrue();
                assertThat(letter.failure().message()).isEqualTo("paid twice");
            });
            assertThat(fixture.state.scan("handler/shipping/parked/", 10)).hasSize(1);
        }

        @Test
        void retrying_the_new_dead_letter_delivers_the_rest_in_order() throws Exception {
            givenOrder1FailsAndLaterEventsArrive();
            handler.healed("1").failingAt(1, new IllegalStateException("paid twice"));
            fixture.deadLetters.retry(DeadLetterId.of("shipping", 0));

            fixture.deadLetters.retry(DeadLetterId.of("shipping", 1));

            assertThat(handler.handledPositions()).containsExactly(2L, 0L, 1L, 3L);
            assertThat(fixture.pendingLetters()).isEmpty();
        }
    }

    @Nested
    class When_the_dead_letter_is_discarded {
        @Test
        void the_waiting_events_are_delivered_in_order_without_it() throws Exception {
            givenOrder1FailsAndLaterEventsArrive();
            handler.healed("1");

            var discarded = fixture.deadLetters.discard(DeadLetterId.of("shipping", 0));

            assertThat(discarded.status()).isInstanceOf(DeadLetterStatus.Discarded.class);
            assertThat(handler.handledPositions()).containsExactly(2L, 1L, 3L);
            assertThat(fixture.pendingLetters()).isEmpty();
        }
    }
}
