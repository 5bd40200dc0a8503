package dev.chorus.core.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.handler.ShopEvent.OrderPaid;
import dev.chorus.core.handler.ShopEvent.OrderPlaced;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HandlerRunnerTest {
    private final HandlerFixture fixture = new HandlerFixture();
    private final ScriptedHandler handler = new ScriptedHandler();

    @AfterEach
    void close() {
        fixture.close();
    }

    private HandlerRegistration<ShopEvent> registration() {
        return HandlerRegistration.of("billing", fixture.codec(), handler);
    }

    @Nested
    class When_every_event_succeeds {
        @Test
        void each_event_is_handled_once_in_order_and_its_state_and_checkpoint_are_committed() throws Exception {
            fixture.append("order-1", new OrderPlaced("1", 10), new OrderPaid("1"));
            fixture.append("order-2", new OrderPlaced("2", 20));

            var running = fixture.start(registration());
            fixture.awaitCaughtUp(running);

            assertThat(handler.handledPositions()).containsExactly(0L, 1L, 2L);
            assertThat(fixture.stateOf("billing", "count/1")).contains("2");
            assertThat(fixture.stateOf("billing", "count/2")).contains("1");
            assertThat(fixture.checkpointOf("billing")).isEqualTo(fixture.events.headPosition());
            assertThat(fixture.allLetters()).isEmpty();
            assertThat(fixture.sleeper.waits()).isEmpty();
        }

        @Test
        void events_appended_after_the_start_are_handled_live() throws Exception {
            var running = fixture.start(registration());
            fixture.awaitCaughtUp(running);

            fixture.append("order-1", new OrderPlaced("1", 10));
            fixture.awaitCaughtUp(running);

            assertThat(handler.handledPositions()).containsExactly(0L);
        }

        @Test
        void events_the_codec_does_not_know_are_skipped_and_the_checkpoint_still_moves_past_them()
                throws Exception {
            fixture.appendNoise("elsewhere");
            fixture.append("order-1", new OrderPaid("1"));
            fixture.appendNoise("elsewhere");

            var running = fixture.start(registration());
            fixture.awaitCaughtUp(running);
            running.close();

            assertThat(handler.handledPositions()).containsExactly(1L);
            assertThat(fixture.checkpointOf("billing")).isEqualTo(3);
        }

        @Test
        void a_restarted_handler_continues_from_its_checkpoint() throws Exception {
            fixture.append("order-1", new OrderPlaced("1", 10));
            var first = fixture.start(registration());
            fixture.awaitCaughtUp(first);
            first.close();

            fixture.append("order-2", new OrderPlaced("2", 10));
            var second = fixture.start(registration());
            fixture.awaitCaughtUp(second);

            assertThat(handler.handledPositions()).containsExactly(0L, 2L);
        }
    }

    @Nested
    class When_a_retriable_error_clears_up {
        @Test
        void the_event_is_tried_again_after_growing_backoffs_and_then_handled() throws Exception {
            handler.failing("1", new Transient("timeout"), new Transient("timeout again"));
            fixture.append("order-1", new OrderPlaced("1", 10));

            var running = fixture.start(registration().withRetry(RetryPolicy.defaults().withMaxAttempts(3)));
            fixture.awaitCaughtUp(running);

            assertThat(handler.calls()).extracting(ScriptedHandler.Seen::attempt).containsExactly(1, 2, 3);
            assertThat(handler.handledPositions()).containsExactly(0L);
            assertThat(fixture.sleeper.waits()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
            assertThat(fixture.stateOf("billing", "count/1")).contains("1");
            assertThat(fixture.allLetters()).isEmpty();
        }

        @Test
        void the_state_written_by_a_failed_attempt_is_dropped() throws Exception {
            EventHandler<ShopEvent> halfDone = (event, context) -> {
                context.state().put("attempt-" + context.attempt(), new byte[] {1});
                if (context.attempt() == 1) {
                    throw new Transient("after writing state");
                }
            };
            fixture.append("order-1", new OrderPaid("1"));

            var running = fixture.start(HandlerRegistration.of("billing", fixture.codec(), halfDone));
            fixture.awaitCaughtUp(running);

            assertThat(fixture.stateOf("billing", "attempt-1")).isEmpty();
            assertThat(fixture.stateOf("billing", "attempt-2")).isPresent();
        }

        @Test
        void error_types_added_to_the_policy_are_retried_too() throws Exception {
            handler.failing("1", new java.io.IOException("connection reset"));
            fixture.append("order-1", new OrderPaid("1"));

            var running = fixture.start(registration()
                    .withRetry(RetryPolicy.defaults().alsoRetrying(java.io.IOException.class)));
            fixture.awaitCaughtUp(running);

            assertThat(handler.handledPositions()).containsExactly(0L);
            assertThat(fixture.allLetters()).isEmpty();
        }
    }

    @Nested
    class When_an_error_is_not_retriable {
        @Test
        void the_event_goes_to_the_dead_letter_store_after_one_attempt_without_waiting() throws Exception {
            handler.failing("1", new IllegalArgumentException("amount must be positive"));
            fixture.append("order-1", new OrderPlaced("1", -5));

            var running = fixture.start(registration());
            fixture.awaitCaughtUp(running);

            assertThat(handler.calls()).hasSize(1);
            assertThat(fixture.sleeper.waits()).isEmpty();
            var letter = fixture.pendingLetters().getFirst();
            assertThat(letter.attempts()).isEqualTo(1);
            assertThat(letter.failure().errorClass()).isEqualTo(IllegalArgumentException.class.getName());
            assertThat(letter.failure().message()).isEqualTo("amount must be positive");
        }

        @Test
        void an_event_the_codec_cannot_decode_is_dead_lettered_not_retried() throws Exception {
            fixture.events.append("order-1", dev.chorus.core.ExpectedVersion.any(),
                    dev.chorus.core.NewEvent.of(ShopCodec.PLACED, "no-amount".getBytes()));

            var running = fixture.start(registration());
            fixture.awaitCaughtUp(running);

            assertThat(handler.calls()).isEmpty();
            assertThat(fixture.pendingLetters()).singleElement()
                    .satisfies(letter -> assertThat(letter.attempts()).isEqualTo(1));
        }
    }

    @Nested
    class When_the_last_attempt_fails {
        @Test
        void the_dead_letter_holds_the_handler_the_event_the_error_the_attempts_and_the_failure_times()
                throws Exception {
            handler.failing("1", new Transient("down"), new Transient("still down"), new Transient("down for good"));
            var placed = fixture.append("order-1", new OrderPlaced("1", 10));
            var stored = fixture.stream("order-1").getFirst();

            var running = fixture.start(registration());
            fixture.awaitCaughtUp(running);

            var letter = fixture.pendingLetters().getFirst();
            assertThat(letter.id()).isEqualTo(DeadLetterId.of("billing", placed.firstPosition()));
            assertThat(letter.handler()).isEqualTo("billing");
            assertThat(letter.position()).isEqualTo(placed.firstPosition());
            assertThat(letter.streamId()).isEqualTo("order-1");
            assertThat(letter.eventType()).isEqualTo(ShopCodec.PLACED);
            assertThat(letter.eventId()).isEqualTo(stored.eventId());
            assertThat(letter.failure().errorClass()).isEqualTo(Transient.class.getName());
            assertThat(letter.failure().message()).isEqualTo("down for good");
            assertThat(letter.failure().stackSummary()).startsWith(Transient.class.getName() + ": down for good\n")
                    .contains("at ");
            assertThat(letter.attempts()).isEqualTo(3);
            assertThat(letter.firstFailedAt()).isEqualTo(TestClock.START);
            assertThat(letter.lastFailedAt()).isEqualTo(TestClock.START.plusMillis(300));
            assertThat(letter.parksStream()).isFalse();
            assertThat(letter.status()).isEqualTo(DeadLetterStatus.open());
        }

        @Test
        void the_handler_goes_on_with_the_next_events_of_every_stream() throws Exception {
            handler.alwaysFailing("1");
            fixture.append("order-1", new OrderPlaced("1", 10));
            fixture.append("order-1", new OrderPaid("1"));
            fixture.append("order-2", new OrderPlaced("2", 10));

            var running = fixture.start(registration().withRetry(RetryPolicy.noRetries()));
            fixture.awaitCaughtUp(running);

            assertThat(handler.handledPositions()).containsExactly(2L);
            assertThat(fixture.pendingLetters()).extracting(DeadLetter::position).containsExactly(0L, 1L);
            assertThat(fixture.checkpointOf("billing")).isEqualTo(fixture.events.headPosition());
        }
    }

    @Nested
    class After_a_restart {
        @Test
        void a_dead_lettered_event_is_not_tried_again() throws Exception {
            handler.alwaysFailing("1");
            fixture.append("order-1", new OrderPlaced("1", 10));
            var first = fixture.start(registration().withRetry(RetryPolicy.noRetries()));
            fixture.awaitCaughtUp(first);
            first.close();

            fixture.awaitCaughtUp(fixture.start(registration().withRetry(RetryPolicy.noRetries())));

            assertThat(handler.calls()).hasSize(1);
            assertThat(fixture.checkpointOf("billing")).isEqualTo(1);
        }

        @Test
        void an_event_dead_lettered_again_after_its_checkpoint_moved_back_updates_the_same_dead_letter()
                throws Exception {
            handler.alwaysFailing("1");
            fixture.append("order-1", new OrderPlaced("1", 10));
            var first = fixture.start(registration().withRetry(RetryPolicy.noRetries()));
            fixture.awaitCaughtUp(first);
            first.close();
            fixture.state.put(dev.chorus.core.state.Checkpoints.key("handler/billing"),
                    java.nio.ByteBuffer.allocate(8).putLong(0).array());

            fixture.awaitCaughtUp(fixture.start(registration().withRetry(RetryPolicy.noRetries())));

            assertThat(fixture.allLetters()).singleElement()
                    .satisfies(letter -> assertThat(letter.attempts()).isEqualTo(2));
        }
    }

    @Nested
    class Running_several_handlers {
        @Test
        void each_keeps_its_own_checkpoint_state_and_dead_letters() throws Exception {
            var other = new ScriptedHandler().alwaysFailing("1");
            fixture.append("order-1", new OrderPlaced("1", 10));
            fixture.append("order-2", new OrderPlaced("2", 10));

            var billing = fixture.start(registration());
            var audit = fixture.start(HandlerRegistration.of("audit", fixture.codec(), other)
                    .withRetry(RetryPolicy.noRetries()));
            fixture.awaitCaughtUp(billing);
            fixture.awaitCaughtUp(audit);

            assertThat(handler.handledPositions()).containsExactly(0L, 1L);
            assertThat(other.handledPositions()).containsExactly(1L);
            assertThat(fixture.pendingLetters()).extracting(DeadLetter::id)
                    .containsExactly(DeadLetterId.of("audit", 0));
            assertThat(fixture.stateOf("audit", "count/1")).isEmpty();
            assertThat(fixture.stateOf("billing", "count/1")).contains("1");
        }

        @Test
        void a_second_handler_under_a_running_name_is_refused() {
            fixture.start(registration());

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> fixture.start(registration()))
                    .isInstanceOf(DuplicateSubscriber.class)
                    .hasMessageContaining("billing");
        }

        @Test
        void a_name_is_free_again_once_its_handler_is_closed() {
            fixture.start(registration()).close();

            var again = fixture.start(registration());

            assertThat(again.name()).isEqualTo("billing");
            assertThat(List.of(again.completion().isDone())).containsExactly(false);
        }
    }
}
