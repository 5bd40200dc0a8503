package dev.chorus.core.handler;

import dev.chorus.core.Sleeper;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.RecordedEvent;
import dev.chorus.core.handler.ShopEvent.OrderPaid;
import dev.chorus.core.handler.ShopEvent.OrderPlaced;
import dev.chorus.core.state.Checkpoints;
import dev.chorus.core.state.StateWrite;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A "crash" is a state commit that never happens, after which the process does nothing more; the restart is
 * a new runner over the same log and the same state store.
 */
class CrashRestartTest {
    private final HandlerFixture durable = new HandlerFixture();
    private final ScriptedHandler shipping = new ScriptedHandler();

    @AfterEach
    void close() {
        durable.close();
    }

    private HandlerRegistration<ShopEvent> shipping() {
        return HandlerRegistration.of("shipping", durable.codec(), shipping).idempotent();
    }

    /** Counts shipment requests per order: the subscriber downstream of the handler that crashed. */
    private static HandlerRegistration<ShopEvent> warehouse(ShopCodec codec) {
        EventHandler<ShopEvent> counting = (event, context) -> {
            if (event instanceof ShopEvent.ShipmentRequested requested) {
                String key = "shipments/" + requested.orderId();
                int count = context.state().get(key).map(b -> Integer.parseInt(ScriptedHandler.text(b))).orElse(0);
                context.state().put(key, ScriptedHandler.bytes(Integer.toString(count + 1)));
            }
        };
        return HandlerRegistration.of("warehouse", codec, counting).idempotent();
    }

    private static void awaitCrash(RunningHandler running) {
        assertThatThrownBy(() -> running.completion().get(HandlerFixture.WAIT.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(CrashingStateStore.Crash.class);
    }

    @Nested
    class A_checkpoint_beyond_the_logs_head {
        @Test
        void resumes_at_the_head_so_that_the_new_events_at_the_positions_it_passed_are_handled() throws Exception {
            // given a handler's state that has seen 100 events, over a log that holds 1 (its tail was cut by a repair)
            durable.append("order-1", new OrderPlaced("1", 10));
            durable.state.commit(List.of(Checkpoints.save("handler/shipping", 100)));

            // when it starts and a new order is placed
            var running = durable.start(shipping());
            var placed = durable.append("order-2", new OrderPlaced("2", 20));
            durable.awaitCaughtUp(running);

            // then it handles the new order (and not the one before the head), and its reset is stored
            assertThat(shipping.successes()).extracting(ScriptedHandler.Seen::orderId).containsExactly("2");
            assertThat(durable.stream("shipping-2")).hasSize(1);
            assertThat(durable.checkpointOf("shipping")).isGreaterThan(placed.lastPosition()).isLessThan(100);
        }
    }

    @Nested
    class A_crash_before_a_handled_event_is_committed {
        @Test
        void redelivers_that_event_and_no_effect_happens_twice() throws Exception {
            durable.append("order-1", new OrderPlaced("1", 10));
            durable.append("order-2", new OrderPlaced("2", 20));
            durable.append("order-3", new OrderPlaced("3", 30));
            var crashing = new CrashingStateStore(durable.state,
                    CrashingStateStore.writing("handler/shipping/state/count/2"));
            var dying = durable.restartedOn(crashing);
            awaitCrash(dying.start(shipping()));
            dying.close();

            var restarted = durable.restartedOn(durable.state);
            var again = restarted.start(shipping());
            var downstream = restarted.start(warehouse(durable.codec()));
            restarted.awaitCaughtUp(again);
            restarted.awaitCaughtUp(downstream);
            restarted.close();

            assertThat(List.of("1", "2", "3")).allSatisfy(order -> {
                assertThat(durable.stateOf("shipping", "count/" + order)).contains("1");
                assertThat(durable.stateOf("warehouse", "shipments/" + order)).contains("1");
            });
            // The crashed attempt's shipment request was appended before the crash, and again on redelivery,
            // under the same id: that is what lets the warehouse apply it once.
            assertThat(durable.stream("shipping-2")).hasSize(2).extracting(RecordedEvent::eventId)
                    .containsOnly(durable.stream("shipping-2").getFirst().eventId());
            assertThat(durable.checkpointOf("shipping")).isEqualTo(durable.events.headPosition());
        }

        @Test
        void without_the_idempotency_helper_the_downstream_count_would_double() throws Exception {
            durable.append("order-2", new OrderPlaced("2", 20));
            var crashing = new CrashingStateStore(durable.state,
                    CrashingStateStore.writing("handler/shipping/state/count/2"));
            var dying = durable.restartedOn(crashing);
            awaitCrash(dying.start(shipping()));
            dying.close();

            var restarted = durable.restartedOn(durable.state);
            var again = restarted.start(shipping());
            EventHandler<ShopEvent> naive = (event, context) -> {
                if (event instanceof ShopEvent.ShipmentRequested) {
                    int count = context.state().get("n").map(b -> Integer.parseInt(ScriptedHandler.text(b))).orElse(0);
                    context.state().put("n", ScriptedHandler.bytes(Integer.toString(count + 1)));
                }
            };
            var downstream = restarted.start(HandlerRegistration.of("naive", durable.codec(), naive));
            restarted.awaitCaughtUp(again);
            restarted.awaitCaughtUp(downstream);
            restarted.close();

            assertThat(durable.stateOf("naive", "n")).contains("2");
        }
    }

    @Nested
    class A_crash_before_a_dead_letter_is_committed {
        @Test
        void redelivers_the_event_and_ends_with_exactly_one_dead_letter_and_the_checkpoint_past_it()
                throws Exception {
            shipping.alwaysFailing("1");
            durable.append("order-1", new OrderPlaced("1", 10));
            durable.append("order-2", new OrderPlaced("2", 20));
            var crashing = new CrashingStateStore(durable.state,
                    CrashingStateStore.writingKeyStartingWith(DeadLetterStore.PREFIX));
            var dying = durable.restartedOn(crashing);
            awaitCrash(dying.start(shipping().withRetry(RetryPolicy.noRetries())));
            dying.close();
            assertThat(durable.allLetters()).isEmpty();

            var restarted = durable.restartedOn(durable.state);
            restarted.awaitCaughtUp(restarted.start(shipping().withRetry(RetryPolicy.noRetries())));
            restarted.close();

            assertThat(durable.allLetters()).singleElement().satisfies(letter -> {
                assertThat(letter.position()).isEqualTo(0);
                assertThat(letter.attempts()).isEqualTo(1);
            });
            assertThat(durable.stateOf("shipping", "count/2")).contains("1");
            assertThat(durable.checkpointOf("shipping")).isEqualTo(durable.events.headPosition());
        }
    }

    @Nested
    class A_crash_while_a_parked_stream_is_released {
        @Test
        void resumes_the_release_on_restart_without_repeating_what_was_committed() throws Exception {
            shipping.alwaysFailing("1");
            durable.append("order-1", new OrderPlaced("1", 10), new OrderPaid("1"), new OrderPaid("1"));
            var parking = shipping().withRetry(RetryPolicy.noRetries()).withOrdering(OrderingMode.parkStream());
            var first = durable.start(parking);
            durable.awaitCaughtUp(first);
            first.close();
            shipping.healed("1");
            var secondRelease = new AtomicInteger();
            Predicate<List<StateWrite>> secondParkedDelivery = writes -> writes.stream().anyMatch(
                    w -> w instanceof StateWrite.Delete delete && delete.key().contains("/parked/"))
                    && secondRelease.incrementAndGet() == 2;
            var dying = durable.restartedOn(new CrashingStateStore(durable.state, secondParkedDelivery));
            dying.start(parking);

            assertThatThrownBy(() -> dying.deadLetters.discard(DeadLetterId.of("shipping", 0)))
                    .isInstanceOf(CrashingStateStore.Crash.class);
            dying.close();
            assertThat(durable.stateOf("shipping", "count/1")).contains("1");

            var restarted = durable.restartedOn(durable.state);
            restarted.start(parking);
            restarted.close();

            assertThat(durable.stateOf("shipping", "count/1")).contains("2");
            assertThat(durable.state.scan("handler/shipping/parked", 10)).isEmpty();
            assertThat(durable.deadLetters.show(DeadLetterId.of("shipping", 0)).status())
                    .isInstanceOf(DeadLetterStatus.Discarded.class);
        }
    }

    @Nested
    class Closing_during_a_backoff {
        @Test
        void stops_at_once_and_leaves_the_event_for_the_next_start() throws Exception {
            shipping.failing("1", new Transient("slow"));
            durable.append("order-1", new OrderPlaced("1", 10));
            var waiting = new CountDownLatch(1);
            Sleeper blocking = duration -> {
                waiting.countDown();
                new CountDownLatch(1).await(); // until close interrupts it
            };
            var handlers = new Handlers(durable.events, durable.state, durable.deadLetters,
                    new HandlerConfig(durable.clock, blocking));
            var running = handlers.start(shipping());
            assertThat(waiting.await(HandlerFixture.WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

            running.close();

            assertThat(running.completion()).isDone();
            assertThat(running.completion().isCompletedExceptionally()).isFalse();
            assertThat(durable.allLetters()).isEmpty();
            assertThat(durable.checkpointOf("shipping")).isZero();

            var restarted = durable.start(shipping());
            durable.awaitCaughtUp(restarted);
            assertThat(durable.stateOf("shipping", "count/1")).contains("1");
        }
    }
}
