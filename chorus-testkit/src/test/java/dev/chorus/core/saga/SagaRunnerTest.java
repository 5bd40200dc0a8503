package dev.chorus.core.saga;

import static dev.chorus.core.saga.shop.OrderFulfilment.PAYMENT_WINDOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.EventType;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.Metadata;
import dev.chorus.core.NewEvent;
import dev.chorus.core.RetriableException;
import dev.chorus.core.context.MessageContext;
import dev.chorus.core.handler.DeadLetterId;
import dev.chorus.core.handler.DeadLetterQuery;
import dev.chorus.core.handler.DeadLetterStatus;
import dev.chorus.core.handler.DeadLetters;
import dev.chorus.core.saga.internal.SagaEngine;
import dev.chorus.core.saga.internal.SagaKeys;
import dev.chorus.core.saga.shop.Fulfilment;
import dev.chorus.core.saga.shop.OrderFulfilment;
import dev.chorus.core.saga.shop.Shop;
import dev.chorus.core.saga.shop.ShopCommand.AuthorizePayment;
import dev.chorus.core.saga.shop.ShopCommand.CancelOrder;
import dev.chorus.core.saga.shop.ShopCommand.ConfirmOrder;
import dev.chorus.core.saga.shop.ShopCommand.ReleaseStock;
import dev.chorus.core.saga.shop.ShopCommand.ReserveStock;
import dev.chorus.core.saga.shop.ShopEvent;
import dev.chorus.core.saga.shop.ShopServices.Payment;
import dev.chorus.core.state.Checkpoints;
import dev.chorus.core.state.StateEntry;
import java.text.MessageFormat;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SagaRunnerTest {
    private Shop shop = new Shop();

    @AfterEach
    void close_the_shop() {
        shop.close();
    }

    @Nested
    class Conversations {
        @Test
        void a_paid_order_is_reserved_authorized_and_confirmed_and_its_conversation_ends() {
            shop.place("o-1", 250);

            shop.runner.catchUp();

            assertThat(shop.services.commands()).containsExactly(new ReserveStock("o-1"),
                    new AuthorizePayment("o-1", 250), new ConfirmOrder("o-1"));
            assertThat(shop.runner.isFinished("o-1")).isTrue();
            assertThat(shop.runner.state("o-1")).isEmpty();
            assertThat(shop.runner.pendingTimeouts("o-1")).isEmpty();
        }

        @Test
        void a_failed_payment_is_compensated_by_releasing_the_stock_and_cancelling_the_order() {
            shop.services.payment("o-1", Payment.DECLINE);
            shop.place("o-1", 250);

            shop.runner.catchUp();

            assertThat(shop.services.commands()).containsExactly(new ReserveStock("o-1"),
                    new AuthorizePayment("o-1", 250), new ReleaseStock("o-1"), new CancelOrder("o-1", "payment failed"));
            assertThat(shop.types("o-1")).containsExactly("OrderPlaced", "StockReserved", "PaymentFailed",
                    "StockReleased", "OrderCancelled");
            assertThat(shop.runner.isFinished("o-1")).isTrue();
        }

        @Test
        void each_conversation_keeps_its_own_state() {
            shop.services.payment("o-1", Payment.NO_ANSWER).outOfStock("o-3");
            shop.place("o-1", 100);
            shop.place("o-2", 200);
            shop.place("o-3", 300);

            shop.runner.catchUp();

            assertThat(shop.runner.state("o-1")).contains(new Fulfilment.AwaitingPayment("o-1", 100));
            assertThat(shop.runner.isFinished("o-2")).isTrue();
            assertThat(shop.runner.isFinished("o-3")).isTrue();
            assertThat(shop.services.commandsFor("o-3")).containsExactly(new ReserveStock("o-3"),
                    new CancelOrder("o-3", "out of stock"));
            assertThat(shop.runner.pendingTimeouts("o-1")).extracting(PendingTimeout::name).containsExactly("payment");
        }

        @Test
        void a_late_fact_of_a_finished_conversation_starts_nothing() {
            shop.place("o-1", 100);
            shop.runner.catchUp();
            int before = shop.services.calls().size();

            shop.place("o-1", 100);
            shop.runner.catchUp();

            assertThat(shop.services.calls()).hasSize(before);
            assertThat(shop.runner.state("o-1")).isEmpty();
        }

        @Test
        void a_fact_delivered_twice_calls_for_nothing_the_second_time() {
            shop.services.payment("o-1", Payment.NO_ANSWER);
            shop.place("o-1", 100);
            shop.runner.catchUp();
            var reserved = shop.only("StockReserved", "o-1");

            // An at-least-once publisher appended it again, under the same event id.
            shop.log.append(reserved.streamId(), ExpectedVersion.any(),
                    new NewEvent(reserved.type(), reserved.data(), reserved.metadata()));
            shop.runner.catchUp();

            assertThat(shop.services.commandsFor("o-1")).containsExactly(new ReserveStock("o-1"),
                    new AuthorizePayment("o-1", 100));
            assertThat(shop.runner.state("o-1")).contains(new Fulfilment.AwaitingPayment("o-1", 100));
        }

        @Test
        void facts_the_saga_does_not_know_only_move_its_checkpoint() {
            for (int i = 0; i < 300; i++) {
                shop.log.append("audit", ExpectedVersion.any(), NewEvent.of(EventType.of("AuditTrail", 1), new byte[0]));
            }

            int seen = shop.runner.catchUp();

            assertThat(seen).isEqualTo(300);
            assertThat(shop.services.calls()).isEmpty();
            assertThat(Checkpoints.load(shop.state, "saga/" + OrderFulfilment.NAME)).isEqualTo(300);
        }

        @Test
        void a_known_fact_that_starts_no_conversation_leaves_no_state_for_its_correlation_id() {
            shop.append("stock", MessageContext.correlatedBy("request-7"), new ShopEvent.StockReserved("o-9"));

            shop.runner.catchUp();

            assertThat(shop.services.calls()).isEmpty();
            assertThat(shop.state.scan("saga/" + OrderFulfilment.NAME + "/", 10)).extracting(StateEntry::key)
                    .as("no state, done marker or timer for request-7").isEmpty();
            assertThat(Checkpoints.load(shop.state, "saga/" + OrderFulfilment.NAME)).isEqualTo(1);
        }

        @Test
        void a_runner_started_on_a_virtual_thread_follows_new_facts_live() throws Exception {
            shop.runner.start();

            var placed = shop.place("o-1", 100);

            var confirm = shop.services.awaitCall(call -> call.command() instanceof ConfirmOrder, Duration.ofSeconds(10));
            assertThat(confirm.context().message().correlationId()).contains("o-1");
            assertThat(shop.runner.awaitPosition(shop.log.headPosition(), Duration.ofSeconds(10))).isTrue();
            assertThat(shop.runner.isFinished("o-1")).isTrue();
            assertThat(placed.lastPosition()).isLessThan(shop.runner.position());
        }

        @Test
        void a_second_runner_of_the_same_saga_in_one_process_is_refused() {
            assertThatThrownBy(() -> shop.open(shop.state, shop.deadLetters)).isInstanceOf(RuntimeException.class)
                    .hasMessageContaining(OrderFulfilment.NAME);
        }
    }

    @Nested
    class Context {
        @Test
        void commands_continue_the_conversation_and_are_caused_by_the_handled_fact() {
            shop.place("o-1", 100);

            shop.runner.catchUp();

            var placed = shop.only("OrderPlaced", "o-1");
            var reserved = shop.only("StockReserved", "o-1");
            var calls = shop.services.calls();
            assertThat(calls.get(0).context().message())
                    .isEqualTo(new MessageContext(java.util.Optional.of("o-1"), java.util.Optional.of(placed.eventId()),
                            java.util.Optional.empty()));
            assertThat(calls.get(1).context().message().causationId()).contains(reserved.eventId());
        }

        @Test
        void events_appended_by_the_services_inherit_the_correlation_and_name_the_fact_that_caused_them() {
            shop.place("o-1", 100);

            shop.runner.catchUp();

            var placed = shop.only("OrderPlaced", "o-1");
            var reserved = shop.only("StockReserved", "o-1");
            var authorized = shop.only("PaymentAuthorized", "o-1");
            var confirmed = shop.only("OrderConfirmed", "o-1");
            assertThat(reserved.causationId()).isEqualTo(placed.eventId());
            assertThat(authorized.causationId()).isEqualTo(reserved.eventId());
            assertThat(confirmed.causationId()).isEqualTo(authorized.eventId());
            assertThat(List.of(reserved, authorized, confirmed)).allSatisfy(
                    e -> assertThat(e.metadata()).containsEntry(Metadata.CORRELATION_ID, "o-1"));
        }

        @Test
        void a_published_event_is_in_the_conversation_and_caused_by_the_fired_timeout() {
            shop.services.payment("o-1", Payment.NO_ANSWER);
            shop.place("o-1", 100);
            shop.runner.catchUp();

            shop.clock.advance(PAYMENT_WINDOW.plusSeconds(1));
            shop.runner.fireDueTimeouts();
            shop.runner.catchUp();

            var fired = shop.only(SagaRunner.TIMEOUT_FIRED.name(), "o-1");
            var timedOut = shop.only("PaymentTimedOut", "o-1");
            assertThat(fired.causationId()).isEqualTo(shop.only("OrderPlaced", "o-1").eventId());
            assertThat(fired.streamId()).isEqualTo(SagaRunner.timeoutStream(OrderFulfilment.NAME));
            assertThat(timedOut.streamId()).isEqualTo("order-o-1");
            assertThat(timedOut.correlationId()).isEqualTo("o-1");
            assertThat(timedOut.causationId()).isEqualTo(fired.eventId());
        }

        @Test
        void the_trace_of_the_first_fact_runs_through_commands_their_events_and_a_fired_timeout() {
            String trace = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
            shop.services.payment("o-1", Payment.NO_ANSWER);
            shop.append("order-o-1", MessageContext.correlatedBy("o-1").withTraceparent(trace),
                    new ShopEvent.OrderPlaced("o-1", 100));
            shop.runner.catchUp();

            shop.clock.advance(PAYMENT_WINDOW);
            shop.runner.fireDueTimeouts();
            shop.runner.catchUp();

            assertThat(shop.services.calls()).allSatisfy(
                    call -> assertThat(call.context().message().traceparent()).contains(trace));
            assertThat(shop.conversation("o-1")).hasSize(6).allSatisfy(
                    fact -> assertThat(fact.traceparent()).contains(trace));
        }

        @Test
        void command_ids_are_derived_from_the_saga_the_fact_and_the_effect_so_a_repeat_has_the_same_id() {
            shop.services.failing(ConfirmOrder.class, 1, () -> new Unavailable("orders"));
            shop.place("o-1", 100);

            shop.runner.catchUp();

            var confirms = shop.services.calls().stream().filter(c -> c.command() instanceof ConfirmOrder).toList();
            assertThat(confirms).hasSize(2);
            assertThat(confirms.get(0).context()).isEqualTo(confirms.get(1).context());
            assertThat(shop.services.calls().stream().map(c -> c.context().commandId()).distinct()).hasSize(3);
        }
    }

    @Nested
    class Timeouts {
        @Test
        void a_timeout_is_due_a_window_after_the_fact_that_scheduled_it() {
            shop.services.payment("o-1", Payment.NO_ANSWER);
            shop.place("o-1", 100);

            shop.runner.catchUp();

            var placedAt = shop.only("OrderPlaced", "o-1").recordedAt();
            assertThat(shop.runner.pendingTimeouts("o-1")).singleElement().satisfies(t -> {
                assertThat(t.name()).isEqualTo("payment");
                assertThat(t.dueAt()).isEqualTo(placedAt.plus(PAYMENT_WINDOW));
                assertThat(t.scheduledBy()).isEqualTo(shop.only("OrderPlaced", "o-1").eventId());
            });
            assertThat(shop.runner.nextDue()).contains(placedAt.plus(PAYMENT_WINDOW));
        }

        @Test
        void a_timeout_fires_only_once_the_clock_passes_it() {
            shop.services.payment("o-1", Payment.NO_ANSWER);
            shop.place("o-1", 100);
            shop.runner.catchUp();

            shop.clock.advance(PAYMENT_WINDOW.minusSeconds(1));
            assertThat(shop.runner.fireDueTimeouts()).isEmpty();
            shop.clock.advance(Duration.ofSeconds(1));
            assertThat(shop.runner.fireDueTimeouts()).extracting(PendingTimeout::name).containsExactly("payment");
            shop.runner.catchUp();

            assertThat(shop.services.commandsFor("o-1")).containsExactly(new ReserveStock("o-1"),
                    new AuthorizePayment("o-1", 100), new ReleaseStock("o-1"), new CancelOrder("o-1", "payment timed out"));
            assertThat(shop.runner.isFinished("o-1")).isTrue();
            assertThat(shop.runner.fireDueTimeouts()).isEmpty();
        }

        @Test
        void a_pending_timeout_survives_a_restart_and_fires_from_the_new_runner() {
            shop.services.payment("o-1", Payment.NO_ANSWER);
            shop.place("o-1", 100);
            shop.runner.catchUp();

            var restarted = shop.restart();
            shop.clock.advance(PAYMENT_WINDOW);
            assertThat(restarted.fireDueTimeouts()).hasSize(1);
            restarted.catchUp();

            assertThat(shop.services.commandsFor("o-1")).endsWith(new CancelOrder("o-1", "payment timed out"));
            assertThat(restarted.isFinished("o-1")).isTrue();
        }

        @Test
        void a_cancelled_timeout_never_fires() {
            shop.place("o-1", 100);
            shop.runner.catchUp();

            shop.clock.advance(PAYMENT_WINDOW.multipliedBy(10));

            assertThat(shop.runner.fireDueTimeouts()).isEmpty();
            assertThat(shop.types("o-1")).doesNotContain(SagaRunner.TIMEOUT_FIRED.name());
        }

        @Test
        void a_timeout_cancelled_after_it_fired_but_before_the_saga_saw_it_is_ignored() {
            shop.services.payment("o-1", Payment.NO_ANSWER);
            shop.place("o-1", 100);
            shop.runner.catchUp();
            var reserved = shop.only("StockReserved", "o-1");
            shop.append("payment-o-1", MessageContext.causedBy(reserved), new ShopEvent.PaymentAuthorized("o-1"));

            shop.clock.advance(PAYMENT_WINDOW);
            assertThat(shop.runner.fireDueTimeouts()).hasSize(1);
            shop.runner.catchUp();

            assertThat(shop.types("o-1")).containsSubsequence("PaymentAuthorized", SagaRunner.TIMEOUT_FIRED.name());
            assertThat(shop.services.commandsFor("o-1")).doesNotContain(new CancelOrder("o-1", "payment timed out"))
                    .endsWith(new ConfirmOrder("o-1"));
        }

        @Test
        void a_timeout_fired_twice_after_a_crash_is_answered_once() {
            shop.services.payment("o-1", Payment.NO_ANSWER);
            shop.place("o-1", 100);
            shop.runner.catchUp();
            shop.clock.advance(PAYMENT_WINDOW);
            shop.runner.fireDueTimeouts();
            // What a crash between the fired fact's append and the due index's commit leaves: the fact twice.
            var fired = shop.only(SagaRunner.TIMEOUT_FIRED.name(), "o-1");
            shop.log.append(fired.streamId(), ExpectedVersion.any(), new NewEvent(fired.type(), fired.data(), fired.metadata()));

            shop.runner.catchUp();

            assertThat(shop.services.commandsFor("o-1")).filteredOn(c -> c instanceof CancelOrder).hasSize(1);
            assertThat(shop.runner.isFinished("o-1")).isTrue();
        }

        @Test
        void the_timer_thread_fires_due_timeouts_by_the_injected_clock() throws Exception {
            shop.close();
            shop = new Shop(c -> c.timer(TimeoutTimer.every(Duration.ofMillis(10))));
            shop.services.payment("o-1", Payment.NO_ANSWER);
            shop.runner.start();
            shop.place("o-1", 100);
            shop.services.awaitCall(call -> call.command() instanceof AuthorizePayment, Duration.ofSeconds(10));

            shop.clock.advance(PAYMENT_WINDOW);

            var cancel = shop.services.awaitCall(call -> call.command() instanceof CancelOrder, Duration.ofSeconds(10));
            assertThat(cancel.command()).isEqualTo(new CancelOrder("o-1", "payment timed out"));
        }
    }

    @Nested
    class Failures {
        @Test
        void a_command_that_keeps_failing_is_retried_with_backoff_then_dead_lettered() {
            shop.services.failing(ReserveStock.class, 5, () -> new Unavailable("inventory"));
            var placed = shop.place("o-1", 100);

            shop.runner.catchUp();

            var letter = shop.deadLetters.show(DeadLetterId.of(OrderFulfilment.NAME, placed.firstPosition()));
            assertThat(letter.attempts()).isEqualTo(3);
            assertThat(letter.failure().errorClass()).isEqualTo(Unavailable.class.getName());
            assertThat(letter.parksStream()).isTrue();
            assertThat(shop.backoffs).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
            assertThat(shop.runner.state("o-1")).isEmpty();
            assertThat(shop.runner.pendingTimeouts("o-1")).isEmpty();
            assertThat(shop.runner.isHeldBack("o-1")).isTrue();
        }

        @Test
        void an_error_that_retrying_cannot_fix_is_dead_lettered_at_once() {
            shop.services.failing(ReserveStock.class, 1, () -> new IllegalArgumentException("bad sku"));
            var placed = shop.place("o-1", 100);

            shop.runner.catchUp();

            var letter = shop.deadLetters.show(DeadLetterId.of(OrderFulfilment.NAME, placed.firstPosition()));
            assertThat(letter.attempts()).isEqualTo(1);
            assertThat(letter.failure().message()).isEqualTo("bad sku");
            assertThat(shop.backoffs).isEmpty();
        }

        @Test
        void later_facts_of_a_held_back_conversation_wait_while_other_conversations_go_on() {
            shop.services.failing(ReserveStock.class, 1, () -> new IllegalArgumentException("bad sku"));
            shop.place("o-1", 100);
            shop.place("o-2", 200);
            shop.append("stock-o-1", MessageContext.correlatedBy("o-1"), new ShopEvent.StockReserved("o-1"));

            shop.runner.catchUp();

            assertThat(shop.runner.isFinished("o-2")).isTrue();
            assertThat(shop.services.commandsFor("o-1")).containsExactly(new ReserveStock("o-1"));
            assertThat(shop.runner.state("o-1")).isEmpty();
        }

        @Test
        void a_retry_replays_the_fact_and_then_the_facts_that_waited_behind_it() {
            shop.services.failing(ReserveStock.class, 1, () -> new IllegalArgumentException("bad sku"));
            var placed = shop.place("o-1", 100);
            shop.runner.catchUp();
            var id = DeadLetterId.of(OrderFulfilment.NAME, placed.firstPosition());

            var retried = shop.deadLetters.retry(id);
            shop.runner.catchUp();

            assertThat(retried.status()).isInstanceOf(DeadLetterStatus.Resolved.class);
            assertThat(shop.runner.isHeldBack("o-1")).isFalse();
            assertThat(shop.runner.isFinished("o-1")).isTrue();
            assertThat(shop.services.commandsFor("o-1")).containsExactly(new ReserveStock("o-1"),
                    new ReserveStock("o-1"), new AuthorizePayment("o-1", 100), new ConfirmOrder("o-1"));
            assertThat(shop.deadLetters.list(DeadLetterQuery.pending())).isEmpty();
        }

        @Test
        void facts_queued_behind_a_dead_letter_run_in_order_once_it_is_retried() {
            shop.services.failing(ReserveStock.class, 1, () -> new IllegalArgumentException("bad sku"));
            var placed = shop.place("o-1", 100);
            shop.append("stock-o-1", MessageContext.correlatedBy("o-1"), new ShopEvent.StockReserved("o-1"));
            shop.runner.catchUp();
            assertThat(shop.services.commandsFor("o-1")).containsExactly(new ReserveStock("o-1"));

            shop.runner.retry(DeadLetterId.of(OrderFulfilment.NAME, placed.firstPosition()));

            assertThat(shop.services.commandsFor("o-1")).startsWith(new ReserveStock("o-1"), new ReserveStock("o-1"),
                    new AuthorizePayment("o-1", 100));
            assertThat(shop.runner.state("o-1")).isNotEqualTo(java.util.Optional.of(new Fulfilment.AwaitingStock("o-1", 100)));
        }

        @Test
        void a_process_that_dies_while_draining_a_retried_conversation_leaves_the_rest_to_the_next_start() {
            shop.services.failing(ReserveStock.class, 1, () -> new IllegalArgumentException("bad sku"));
            var placed = shop.place("o-1", 100);
            shop.append("stock-o-1", MessageContext.correlatedBy("o-1"), new ShopEvent.StockReserved("o-1"));
            shop.runner.catchUp();
            shop.runner.close();
            var dying = new DyingStateStore(shop.state, 2, false);
            var doomed = shop.open(dying, new DeadLetters(dying, shop.clock));

            assertThatThrownBy(() -> doomed.retry(DeadLetterId.of(OrderFulfilment.NAME, placed.firstPosition())))
                    .isInstanceOf(DyingStateStore.Died.class);
            doomed.close();
            var queue = new SagaKeys(OrderFulfilment.NAME).queue("o-1");
            assertThat(shop.state.scan(queue, 10)).hasSize(1);

            shop.restart().catchUp();

            assertThat(shop.state.scan(queue, 10)).isEmpty();
            assertThat(shop.runner.isHeldBack("o-1")).isFalse();
            assertThat(shop.runner.isFinished("o-1")).isTrue();
        }

        @Test
        void a_retry_that_fails_again_stays_open_with_one_more_attempt() {
            shop.services.failing(ReserveStock.class, 2, () -> new IllegalArgumentException("bad sku"));
            var placed = shop.place("o-1", 100);
            shop.runner.catchUp();

            var again = shop.deadLetters.retry(DeadLetterId.of(OrderFulfilment.NAME, placed.firstPosition()));

            assertThat(again.status()).isEqualTo(DeadLetterStatus.open());
            assertThat(again.attempts()).isEqualTo(2);
            assertThat(shop.runner.isHeldBack("o-1")).isTrue();
        }

        @Test
        void a_retry_goes_through_the_retry_policy_too() {
            shop.services.failing(ReserveStock.class, 3, () -> new Unavailable("inventory"));
            var placed = shop.place("o-1", 100);
            shop.runner.catchUp();
            shop.services.failing(ReserveStock.class, 2, () -> new Unavailable("inventory"));

            var retried = shop.deadLetters.retry(DeadLetterId.of(OrderFulfilment.NAME, placed.firstPosition()));

            assertThat(retried.status()).isInstanceOf(DeadLetterStatus.Resolved.class);
            assertThat(shop.services.commandsFor("o-1")).filteredOn(c -> c instanceof ReserveStock).hasSize(6);
        }

        @Test
        void a_closed_store_stops_the_runner_instead_of_dead_lettering_the_fact() {
            shop.services.failing(ReserveStock.class, 1, () -> new dev.chorus.core.StoreClosed("inventory's store"));
            shop.place("o-1", 100);

            assertThatThrownBy(shop.runner::catchUp).isInstanceOf(dev.chorus.core.StoreClosed.class);

            assertThat(shop.deadLetters.list(DeadLetterQuery.pending())).isEmpty();
            shop.restart().catchUp();
            assertThat(shop.runner.isFinished("o-1")).isTrue();
        }

        @Test
        void a_discarded_dead_letter_lets_the_conversation_go_on_without_its_fact() {
            shop.services.failing(ReserveStock.class, 1, () -> new IllegalArgumentException("bad sku"));
            var placed = shop.place("o-1", 100);
            shop.append("order-o-1", MessageContext.correlatedBy("o-1"), new ShopEvent.OrderPlaced("o-1", 999));
            shop.runner.catchUp();

            var discarded = shop.deadLetters.discard(DeadLetterId.of(OrderFulfilment.NAME, placed.firstPosition()));
            shop.runner.catchUp();

            assertThat(discarded.status()).isInstanceOf(DeadLetterStatus.Discarded.class);
            assertThat(shop.services.commandsFor("o-1")).contains(new AuthorizePayment("o-1", 999));
        }

        @Test
        void a_retry_requested_while_the_saga_was_stopped_is_made_when_it_starts_again() {
            shop.services.failing(ReserveStock.class, 1, () -> new IllegalArgumentException("bad sku"));
            var placed = shop.place("o-1", 100);
            shop.runner.catchUp();
            shop.runner.close();
            var id = DeadLetterId.of(OrderFulfilment.NAME, placed.firstPosition());

            var requested = new dev.chorus.core.handler.DeadLetters(shop.state, shop.clock).retry(id);
            assertThat(requested.status()).isInstanceOf(DeadLetterStatus.RetryRequested.class);
            var said = new CopyOnWriteArrayList<String>();
            var logger = Logger.getLogger(SagaEngine.class.getName());
            var listener = new Handler() {
                @Override
                public void publish(LogRecord record) {
                    said.add(MessageFormat.format(record.getMessage(), record.getParameters()));
                }

                @Override
                public void flush() {}

                @Override
                public void close() {}
            };
            logger.addHandler(listener);
            try {
                shop.restart().catchUp();
            } finally {
                logger.removeHandler(listener);
            }

            assertThat(shop.deadLetters.show(id).status()).isInstanceOf(DeadLetterStatus.Resolved.class);
            assertThat(shop.runner.isFinished("o-1")).isTrue();
            assertThat(said).containsExactly("saga order-fulfilment: retried dead letter " + id
                    + " as requested while it was stopped: resolved");
        }

        @Test
        void a_dead_letter_discarded_while_the_saga_was_stopped_releases_its_conversation_when_it_starts() {
            shop.services.failing(ReserveStock.class, 1, () -> new IllegalArgumentException("bad sku"));
            var placed = shop.place("o-1", 100);
            shop.append("order-o-1", MessageContext.correlatedBy("o-1"), new ShopEvent.OrderPlaced("o-1", 999));
            shop.runner.catchUp();
            shop.runner.close();

            new dev.chorus.core.handler.DeadLetters(shop.state, shop.clock)
                    .discard(DeadLetterId.of(OrderFulfilment.NAME, placed.firstPosition()));
            shop.restart().catchUp();

            assertThat(shop.runner.isHeldBack("o-1")).isFalse();
            assertThat(shop.services.commandsFor("o-1")).contains(new AuthorizePayment("o-1", 999));
        }

        @Test
        void a_failing_step_sends_each_command_before_the_failure_once_per_delivery() {
            shop.services.payment("o-1", Payment.DECLINE)
                    .failing(CancelOrder.class, 2, () -> new Unavailable("orders"));
            shop.place("o-1", 100);

            shop.runner.catchUp();

            var afterDecline = shop.services.commandsFor("o-1").subList(2, shop.services.commandsFor("o-1").size());
            assertThat(afterDecline).containsExactly(new ReleaseStock("o-1"), new CancelOrder("o-1", "payment failed"),
                    new CancelOrder("o-1", "payment failed"), new CancelOrder("o-1", "payment failed"));
            assertThat(shop.runner.isFinished("o-1")).isTrue();
        }
    }

    /** A service that is down for a while: worth retrying. */
    static final class Unavailable extends RetriableException {
        Unavailable(String service) {
            super(service + " is unavailable");
        }
    }
}
