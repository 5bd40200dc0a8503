package dev.chorus.core.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.EventType;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.core.RetriableException;
import dev.chorus.core.StoreLimits;
import dev.chorus.core.codec.Codec;
import dev.chorus.core.codec.EventCodec;
import dev.chorus.core.context.MessageContext;
import dev.chorus.core.handler.DeadLetterId;
import dev.chorus.core.handler.DeadLetterStatus;
import dev.chorus.core.handler.DeadLetters;
import dev.chorus.core.memory.InMemoryEventStore;
import dev.chorus.core.memory.InMemoryStateStore;
import dev.chorus.core.saga.shop.OrderFulfilment;
import dev.chorus.core.saga.shop.Shop;
import dev.chorus.core.saga.shop.ShopCommand.CancelOrder;
import dev.chorus.core.saga.shop.ShopCommand.ReserveStock;
import dev.chorus.core.saga.shop.ShopServices.Payment;
import dev.chorus.testkit.MutableClock;
import dev.chorus.testkit.StoreFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SagaRunnerLifecycleTest {
    @Nested
    class A_timeout_step {
        @Test
        void that_fails_is_dead_lettered_as_its_fired_fact_and_a_retry_answers_it() {
            try (var shop = new Shop()) {
                shop.services.payment("o-1", Payment.NO_ANSWER)
                        .failing(CancelOrder.class, 1, () -> new IllegalStateException("orders rejected it"));
                shop.place("o-1", 100);
                shop.runner.catchUp();
                shop.clock.advance(OrderFulfilment.PAYMENT_WINDOW);
                shop.runner.fireDueTimeouts();

                shop.runner.catchUp();

                var fired = shop.only(SagaRunner.TIMEOUT_FIRED.name(), "o-1");
                var id = DeadLetterId.of(OrderFulfilment.NAME, fired.position());
                assertThat(shop.deadLetters.show(id).eventType()).isEqualTo(SagaRunner.TIMEOUT_FIRED);
                assertThat(shop.runner.isHeldBack("o-1")).isTrue();
                assertThat(shop.runner.pendingTimeouts("o-1")).extracting(PendingTimeout::name).containsExactly("payment");

                assertThat(shop.deadLetters.retry(id).status()).isInstanceOf(DeadLetterStatus.Resolved.class);
                shop.runner.catchUp();

                assertThat(shop.runner.isFinished("o-1")).isTrue();
                assertThat(shop.types("o-1")).containsSubsequence("PaymentTimedOut", "OrderCancelled");
            }
        }
    }

    @Nested
    class Rescheduling {
        @Test
        void a_timeout_scheduled_by_a_timeout_counts_from_the_first_ones_due_instant_not_from_when_it_fired() {
            try (var world = new Reminders()) {
                world.append("start", "r-1");
                world.runner.catchUp();
                var start = world.log.readAll(0, 1).getFirst().recordedAt();

                world.clock.advance(Duration.ofMinutes(90));
                assertThat(world.runner.fireDueTimeouts()).hasSize(1);
                world.runner.catchUp();

                assertThat(world.runner.pendingTimeouts("r-1")).singleElement()
                        .satisfies(t -> assertThat(t.dueAt()).isEqualTo(start.plus(Duration.ofHours(2))));
                assertThat(world.reminders).hasSize(1);
            }
        }

        @Test
        void scheduling_a_pending_name_again_replaces_it() {
            try (var world = new Reminders()) {
                world.append("start", "r-1");
                world.runner.catchUp();
                world.clock.advance(Duration.ofMinutes(30));
                world.append("start", "r-1");
                world.runner.catchUp();
                var second = world.log.readAll(1, 1).getFirst().recordedAt();

                assertThat(world.runner.pendingTimeouts("r-1")).singleElement()
                        .satisfies(t -> assertThat(t.dueAt()).isEqualTo(second.plus(Duration.ofHours(1))));
                world.clock.advance(Duration.ofMinutes(45));
                assertThat(world.runner.fireDueTimeouts()).isEmpty();
            }
        }

        @Test
        void stopping_cancels_the_pending_reminder() {
            try (var world = new Reminders()) {
                world.append("start", "r-1");
                world.append("stop", "r-1");
                world.runner.catchUp();

                world.clock.advance(Duration.ofDays(1));

                assertThat(world.runner.fireDueTimeouts()).isEmpty();
                assertThat(world.runner.pendingTimeouts("r-1")).isEmpty();
                assertThat(world.runner.nextDue()).isEmpty();
            }
        }
    }

    @Nested
    class Lifecycle {
        @Test
        void closing_a_started_runner_completes_it_and_refuses_more_work() throws Exception {
            var shop = new Shop();
            shop.runner.start();
            shop.place("o-1", 100);
            assertThat(shop.runner.awaitPosition(shop.log.headPosition(), Duration.ofSeconds(10))).isTrue();

            shop.runner.close();

            assertThat(shop.runner.completion()).succeedsWithin(Duration.ofSeconds(10));
            assertThatThrownBy(shop.runner::catchUp).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
            assertThatThrownBy(shop.runner::start).isInstanceOf(IllegalStateException.class);
            shop.close();
        }

        @Test
        void closing_the_runner_ends_a_wait_for_a_position_it_will_not_reach() throws Exception {
            try (var shop = new Shop()) {
                shop.runner.start();
                var waiting = CompletableFuture.supplyAsync(() -> awaitQuietly(shop.runner, 1_000_000));
                Thread.sleep(100);
                assertThat(waiting).isNotDone();

                shop.runner.close();

                assertThat(waiting).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(false);
            }
        }

        @Test
        void a_retry_cut_short_by_the_runner_s_close_on_another_thread_is_left_for_its_next_start() throws Exception {
            var inBackoff = new CountDownLatch(1);
            var closed = new CountDownLatch(1);
            var holdBackoffs = new AtomicBoolean();
            try (var shop = new Shop(c -> c.sleeper(pause -> {
                if (holdBackoffs.get()) {
                    inBackoff.countDown();
                    closed.await();
                }
            }))) {
                shop.services.failing(ReserveStock.class, 3, () -> new RetriableException("inventory is down") {});
                var placed = shop.place("o-1", 100);
                shop.runner.catchUp();
                var id = DeadLetterId.of(OrderFulfilment.NAME, placed.firstPosition());
                shop.services.failing(ReserveStock.class, 1, () -> new RetriableException("inventory is down") {});
                holdBackoffs.set(true);

                // An operator's retry, on its own thread, is between two attempts when the runner is closed.
                var answer = CompletableFuture.supplyAsync(() -> shop.deadLetters.retry(id));
                assertThat(inBackoff.await(10, TimeUnit.SECONDS)).as("the retry reached its backoff").isTrue();
                shop.runner.close();
                closed.countDown();

                assertThat(answer).succeedsWithin(Duration.ofSeconds(10))
                        .satisfies(letter -> assertThat(letter.status()).isInstanceOf(DeadLetterStatus.RetryRequested.class));
                holdBackoffs.set(false);
                shop.restart().catchUp();
                assertThat(shop.deadLetters.show(id).status()).isInstanceOf(DeadLetterStatus.Resolved.class);
                assertThat(shop.runner.isFinished("o-1")).isTrue();
            }
        }

        private static boolean awaitQuietly(SagaRunner<?, ?, ?> runner, long position) {
            try {
                return runner.awaitPosition(position, Duration.ofMinutes(5));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        @Test
        void a_closed_runner_gives_its_name_back_so_a_new_one_can_own_the_dead_letters() {
            try (var shop = new Shop()) {
                shop.runner.close();

                var again = shop.open(shop.state, shop.deadLetters);

                assertThat(again.name()).isEqualTo(OrderFulfilment.NAME);
                again.close();
            }
        }

        @Test
        void a_store_that_fails_under_a_started_runner_fails_its_completion() {
            var shop = new Shop();
            shop.runner.start();

            shop.log.close();

            assertThat(shop.runner.completion()).failsWithin(Duration.ofSeconds(10))
                    .withThrowableThat().isInstanceOf(ExecutionException.class);
            shop.close();
        }

        @Test
        void starting_twice_is_refused() {
            try (var shop = new Shop()) {
                shop.runner.start();

                assertThatThrownBy(shop.runner::start).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("already started");
            }
        }
    }

    /** Reminds every hour after "start" until "stop"; events are plain text, one conversation per correlation. */
    static final class Reminders implements AutoCloseable {
        static final EventType TEXT = EventType.of("Text", 1);
        final MutableClock clock = MutableClock.at(StoreFixture.START);
        final InMemoryEventStore log = new InMemoryEventStore(clock, StoreLimits.DEFAULT);
        final InMemoryStateStore state = new InMemoryStateStore();
        final List<String> reminders = new CopyOnWriteArrayList<>();
        final SagaRunner<String, String, String> runner;

        Reminders() {
            var saga = new Saga<String, String, String>() {
                @Override
                public String name() {
                    return "reminders";
                }

                @Override
                public String initialState() {
                    return "idle";
                }

                @Override
                public String evolve(String state, String event) {
                    return event;
                }

                @Override
                public List<SagaEffect<String, String>> react(String state, String event) {
                    return event.equals("start") ? List.of(SagaEffect.scheduleAfter("remind", Duration.ofHours(1)))
                            : List.of(SagaEffect.cancel("remind"));
                }

                @Override
                public List<SagaEffect<String, String>> onTimeout(String state, String timeoutName) {
                    return List.of(SagaEffect.issue("remind"), SagaEffect.scheduleAfter("remind", Duration.ofHours(1)));
                }
            };
            EventCodec<String> text = TextCodecs.facts(TEXT);
            Codec<String> states = TextCodecs.states();
            runner = SagaRunner.open(SagaBinding.of(saga, text, states, (command, context) -> reminders.add(command)),
                    log, state, new DeadLetters(state, clock),
                    SagaConfig.of(c -> c.clock(clock).timer(TimeoutTimer.manual()).sleeper(d -> {})));
        }

        void append(String text, String correlationId) {
            log.append("reminders-" + correlationId, ExpectedVersion.any(), new NewEvent(TEXT,
                    text.getBytes(StandardCharsets.UTF_8), MessageContext.correlatedBy(correlationId).metadata()));
        }

        @Override
        public void close() {
            runner.close();
            log.close();
            state.close();
        }
    }

}
