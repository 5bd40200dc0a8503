package dev.chorus.core.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.RecordedEvent;
import dev.chorus.core.Sleeper;
import dev.chorus.core.handler.ShopEvent.OrderPaid;
import dev.chorus.core.handler.ShopEvent.OrderPlaced;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator.ReplaceUnderscores;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A handler commits the outcomes of the events its subscription has in hand together: the in-memory store's
 * subscription hands over every event appended before the handler starts as one page, so those make one batch.
 */
@DisplayNameGeneration(ReplaceUnderscores.class)
class HandlerBatchTest {
    private final HandlerFixture durable = new HandlerFixture();
    private final CountingStateStore counting = new CountingStateStore(durable.state);
    private final ScriptedHandler handler = new ScriptedHandler();
    private HandlerFixture fixture = durable.restartedOn(counting);

    @AfterEach
    void close() {
        fixture.close();
        durable.close();
    }

    private HandlerRegistration<ShopEvent> billing() {
        return HandlerRegistration.of("billing", fixture.codec(), handler);
    }

    @Nested
    class Given_events_already_in_the_log {
        @Test
        void all_of_them_are_committed_in_one_state_commit_with_the_checkpoint_past_the_last() throws Exception {
            for (int i = 1; i <= 10; i++) {
                fixture.append("order-" + i, new OrderPaid(Integer.toString(i)));
            }

            fixture.awaitCaughtUp(fixture.start(billing()));

            assertThat(handler.handledPositions()).hasSize(10);
            assertThat(counting.checkpointsCommitted("billing")).containsExactly(10L);
            assertThat(List.of("1", "5", "10")).allSatisfy(order ->
                    assertThat(fixture.stateOf("billing", "count/" + order)).contains("1"));
        }

        @Test
        void a_batch_size_caps_how_many_events_share_a_commit() throws Exception {
            fixture = durable.restartedOn(counting, 4);
            for (int i = 1; i <= 10; i++) {
                fixture.append("order-" + i, new OrderPaid(Integer.toString(i)));
            }

            fixture.awaitCaughtUp(fixture.start(billing()));

            assertThat(handler.handledPositions()).hasSize(10);
            assertThat(counting.checkpointsCommitted("billing")).containsExactly(4L, 8L, 10L);
        }

        @Test
        void a_batch_size_of_one_commits_every_event_on_its_own() throws Exception {
            fixture = durable.restartedOn(counting, 1);
            fixture.append("order-1", new OrderPaid("1"), new OrderPaid("1"), new OrderPaid("1"));

            fixture.awaitCaughtUp(fixture.start(billing()));

            assertThat(counting.checkpointsCommitted("billing")).containsExactly(1L, 2L, 3L);
        }

        @Test
        void events_the_codec_does_not_know_behind_a_pending_batch_move_its_checkpoint_not_a_commit_of_their_own()
                throws Exception {
            fixture.append("order-1", new OrderPaid("1"));
            fixture.appendNoise("elsewhere");
            fixture.appendNoise("elsewhere");

            fixture.awaitCaughtUp(fixture.start(billing()));

            assertThat(counting.checkpointsCommitted("billing")).containsExactly(3L);
        }
    }

    @Nested
    class Within_a_batch {
        @Test
        void a_handler_reads_the_state_written_by_the_batchs_earlier_events() throws Exception {
            fixture.append("order-1", new OrderPaid("1"), new OrderPaid("1"), new OrderPaid("1"));
            fixture.append("order-2", new OrderPaid("2"));
            fixture.append("order-1", new OrderPaid("1"), new OrderPaid("1"));

            fixture.awaitCaughtUp(fixture.start(billing()));

            assertThat(counting.checkpointsCommitted("billing")).containsExactly(6L);
            assertThat(fixture.stateOf("billing", "count/1")).contains("5");
            assertThat(fixture.stateOf("billing", "count/2")).contains("1");
        }

        @Test
        void a_deleted_key_reads_as_absent_to_the_next_event_and_a_later_put_brings_it_back() throws Exception {
            EventHandler<ShopEvent> toggling = (event, context) -> {
                var state = context.state();
                var seen = state.get("flag").map(ScriptedHandler::text).orElse("none");
                state.put("seen/" + context.event().position(), ScriptedHandler.bytes(seen));
                if (seen.equals("none")) {
                    state.put("flag", ScriptedHandler.bytes("on"));
                } else {
                    state.delete("flag");
                }
            };
            fixture.append("order-1", new OrderPaid("1"), new OrderPaid("1"), new OrderPaid("1"));

            fixture.awaitCaughtUp(fixture.start(HandlerRegistration.of("billing", fixture.codec(), toggling)));

            assertThat(counting.checkpointsCommitted("billing")).containsExactly(3L);
            assertThat(fixture.stateOf("billing", "seen/0")).contains("none");
            assertThat(fixture.stateOf("billing", "seen/1")).contains("on");
            assertThat(fixture.stateOf("billing", "seen/2")).contains("none");
            assertThat(fixture.stateOf("billing", "flag")).contains("on");
        }

        @Test
        void an_event_stored_twice_under_one_id_is_handled_once_by_an_idempotent_handler() throws Exception {
            fixture.appendWithId("order-1", "0190a5f2-0000-7000-8000-000000000001", new OrderPaid("1"));
            fixture.appendWithId("order-1", "0190a5f2-0000-7000-8000-000000000001", new OrderPaid("1"));
            fixture.append("order-1", new OrderPaid("1"));

            fixture.awaitCaughtUp(fixture.start(billing().idempotent()));

            assertThat(counting.checkpointsCommitted("billing")).containsExactly(3L);
            assertThat(handler.handledPositions()).containsExactly(0L, 2L);
            assertThat(fixture.stateOf("billing", "count/1")).contains("2");
        }

        @Test
        void an_event_that_fails_for_good_is_dead_lettered_with_the_events_before_it_and_the_next_ones_still_run()
                throws Exception {
            handler.failingAt(2, new IllegalArgumentException("amount must be positive"));
            for (int i = 1; i <= 5; i++) {
                fixture.append("order-" + i, new OrderPaid(Integer.toString(i)));
            }

            fixture.awaitCaughtUp(fixture.start(billing()));

            assertThat(handler.handledPositions()).containsExactly(0L, 1L, 3L, 4L);
            assertThat(counting.checkpointsCommitted("billing")).containsExactly(3L, 5L);
            var withTheLetter = counting.commitsWriting(DeadLetterStore.PREFIX);
            assertThat(withTheLetter).hasSize(1);
            assertThat(counting.commitsWriting("handler/billing/state/count/1")).isEqualTo(withTheLetter);
            assertThat(counting.commitsWriting("handler/billing/state/count/2")).isEqualTo(withTheLetter);
            assertThat(fixture.pendingLetters()).extracting(DeadLetter::position).containsExactly(2L);
            assertThat(fixture.stateOf("billing", "count/3")).isEmpty();
            assertThat(fixture.stateOf("billing", "count/5")).contains("1");
        }
    }

    @Nested
    class The_position {
        @Test
        void does_not_move_past_handled_events_until_their_commit_is_durable() throws Exception {
            var arrived = counting.holdCommits();
            fixture.append("order-1", new OrderPaid("1"), new OrderPaid("1"), new OrderPaid("1"));

            var running = fixture.start(billing());
            assertThat(arrived.await(HandlerFixture.WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

            assertThat(handler.handledPositions()).containsExactly(0L, 1L, 2L);
            assertThat(running.position()).isZero();
            assertThat(running.awaitPosition(1, Duration.ZERO)).isFalse();
            assertThat(durable.checkpointOf("billing")).isZero();

            counting.release();
            assertThat(running.awaitPosition(3, HandlerFixture.WAIT)).isTrue();
            assertThat(durable.checkpointOf("billing")).isEqualTo(3);
        }
    }

    @Nested
    class A_crash_before_a_batch_is_committed {
        @Test
        void redelivers_the_batch_from_the_last_committed_checkpoint_and_no_effect_happens_twice() throws Exception {
            for (int i = 1; i <= 4; i++) {
                fixture.append("order-" + i, new OrderPlaced(Integer.toString(i), 10 * i));
            }
            var crashing = new CrashingStateStore(durable.state,
                    CrashingStateStore.writing("handler/shipping/state/count/3"));
            var dying = durable.restartedOn(crashing, 2);
            var first = dying.start(shipping());
            assertThatThrownBy(() -> first.completion().get(HandlerFixture.WAIT.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(CrashingStateStore.Crash.class);
            dying.close();
            assertThat(durable.checkpointOf("shipping")).isEqualTo(2);
            assertThat(durable.stateOf("shipping", "count/3")).isEmpty();

            var restarted = durable.restartedOn(durable.state, 2);
            var again = restarted.start(shipping());
            var downstream = restarted.start(warehouse());
            restarted.awaitCaughtUp(again);
            restarted.awaitCaughtUp(downstream);
            restarted.close();

            assertThat(handler.calls()).extracting(ScriptedHandler.Seen::position)
                    .containsExactly(0L, 1L, 2L, 3L, 2L, 3L);
            assertThat(List.of("1", "2", "3", "4")).allSatisfy(order -> {
                assertThat(durable.stateOf("shipping", "count/" + order)).contains("1");
                assertThat(durable.stateOf("warehouse", "shipments/" + order)).contains("1");
            });
            // Orders 3 and 4 asked for their shipment twice, under one id each: the warehouse applied each once.
            assertThat(List.of("3", "4")).allSatisfy(order -> assertThat(durable.stream("shipping-" + order))
                    .hasSize(2).extracting(RecordedEvent::eventId).containsOnly(
                            durable.stream("shipping-" + order).getFirst().eventId()));
            assertThat(durable.stream("shipping-1")).hasSize(1);
            assertThat(durable.checkpointOf("shipping")).isEqualTo(durable.events.headPosition());
        }

        private HandlerRegistration<ShopEvent> shipping() {
            return HandlerRegistration.of("shipping", durable.codec(), handler).idempotent();
        }

        private HandlerRegistration<ShopEvent> warehouse() {
            EventHandler<ShopEvent> counting = (event, context) -> {
                if (event instanceof ShopEvent.ShipmentRequested requested) {
                    String key = "shipments/" + requested.orderId();
                    int count = context.state().get(key).map(b -> Integer.parseInt(ScriptedHandler.text(b)))
                            .orElse(0);
                    context.state().put(key, ScriptedHandler.bytes(Integer.toString(count + 1)));
                }
            };
            return HandlerRegistration.of("warehouse", durable.codec(), counting).idempotent();
        }
    }

    @Nested
    class A_store_failing_under_a_handler_with_a_batch_pending {
        @Test
        void stops_it_without_committing_the_batch_and_the_next_start_handles_the_batch_again() throws Exception {
            handler.failingAt(2, new dev.chorus.core.StoreClosed("the log went away"));
            fixture.append("order-1", new OrderPaid("1"), new OrderPaid("1"), new OrderPaid("1"));

            var running = fixture.start(billing());
            assertThatThrownBy(() -> running.completion().get(HandlerFixture.WAIT.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(dev.chorus.core.StoreClosed.class);
            running.close();

            assertThat(counting.checkpointsCommitted("billing")).isEmpty();
            assertThat(fixture.stateOf("billing", "count/1")).isEmpty();
            var restarted = fixture.start(billing());
            fixture.awaitCaughtUp(restarted);
            assertThat(handler.handledPositions()).containsExactly(0L, 1L, 0L, 1L, 2L);
            assertThat(fixture.stateOf("billing", "count/1")).contains("3");
        }
    }

    @Nested
    class Backing_off_then_closing {
        @Test
        void commits_the_events_handled_before_the_backoff_first_and_the_next_start_goes_on_from_there()
                throws Exception {
            handler.failingAt(2, new Transient("slow"));
            fixture.append("order-1", new OrderPaid("1"), new OrderPaid("1"), new OrderPaid("1"));
            var waiting = new CountDownLatch(1);
            Sleeper blocking = duration -> {
                waiting.countDown();
                new CountDownLatch(1).await(); // until close interrupts it
            };
            var handlers = new Handlers(fixture.events, counting, fixture.deadLetters,
                    new HandlerConfig(fixture.clock, blocking));
            var running = handlers.start(billing());
            assertThat(waiting.await(HandlerFixture.WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(durable.checkpointOf("billing")).as("committed before the backoff began").isEqualTo(2);

            running.close();

            assertThat(counting.checkpointsCommitted("billing")).containsExactly(2L);
            assertThat(fixture.stateOf("billing", "count/1")).contains("2");
            var restarted = fixture.start(billing());
            fixture.awaitCaughtUp(restarted);
            assertThat(handler.handledPositions()).containsExactly(0L, 1L, 2L);
            assertThat(fixture.stateOf("billing", "count/1")).contains("3");
        }
    }

    @Nested
    class A_runner_that_was_closed {
        @Test
        void commits_nothing_more_even_when_an_operator_s_retry_reaches_it_after_its_name_was_given_back()
                throws Exception {
            handler.failingAt(1, new IllegalArgumentException("amount must be positive"));
            fixture.append("order-1", new OrderPaid("1"), new OrderPaid("1"));
            var running = fixture.start(billing());
            fixture.awaitCaughtUp(running);
            var letter = fixture.pendingLetters().getFirst();
            running.close();
            int commitsBefore = counting.commitSizes().size();

            // As if the operator's call had looked the owner up just before the close.
            assertThatThrownBy(() -> ((DeadLetterOwner) running).retry(letter.id()))
                    .isInstanceOf(SubscriberStopped.class);

            assertThat(counting.commitSizes()).as("commits after the close").hasSize(commitsBefore);
            assertThat(fixture.pendingLetters()).containsExactly(letter);
        }
    }
}
