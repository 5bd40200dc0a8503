package dev.chorus.testkit.saga;

import static dev.chorus.core.saga.SagaEffect.cancel;
import static dev.chorus.core.saga.SagaEffect.issue;
import static dev.chorus.core.saga.SagaEffect.scheduleAfter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.saga.Saga;
import dev.chorus.core.saga.SagaEffect;
import dev.chorus.core.saga.shop.Fulfilment;
import dev.chorus.core.saga.shop.OrderFulfilment;
import dev.chorus.core.saga.shop.ShopCommand;
import dev.chorus.core.saga.shop.ShopCommand.ReserveStock;
import dev.chorus.core.saga.shop.ShopEvent;
import dev.chorus.core.saga.shop.ShopEvent.OrderConfirmed;
import dev.chorus.core.saga.shop.ShopEvent.OrderPlaced;
import dev.chorus.core.saga.shop.ShopEvent.PaymentAuthorized;
import dev.chorus.core.saga.shop.ShopEvent.StockReserved;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The spec itself: each expectation passes when the saga meets it and fails, saying why, when it does not. */
class SagaSpecTest {
    private final SagaSpec<Fulfilment, ShopEvent, ShopCommand> spec = SagaSpec.of(new OrderFulfilment());
    private static final OrderPlaced PLACED = new OrderPlaced("o-1", 250);

    @Nested
    class Effects {
        @Test
        void the_exact_effects_in_order_pass_and_any_other_list_fails() {
            var then = spec.given().when(PLACED);

            then.then(issue(new ReserveStock("o-1")), scheduleAfter("payment", Duration.ofMinutes(15)));
            assertThatThrownBy(() -> then.then(scheduleAfter("payment", Duration.ofMinutes(15)),
                    issue(new ReserveStock("o-1")))).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("the saga's effects");
            assertThatThrownBy(() -> then.then(issue(new ReserveStock("o-1")))).isInstanceOf(AssertionError.class);
            assertThatThrownBy(then::thenNothing).isInstanceOf(AssertionError.class);
        }

        @Test
        void nothing_passes_only_when_the_saga_does_nothing() {
            spec.given(PLACED).when(PLACED).thenNothing();
        }

        @Test
        void effects_can_be_checked_by_a_function() {
            var effects = spec.given().when(PLACED).effects();

            assertThat(effects).hasSize(2);
            assertThatThrownBy(() -> spec.given().when(PLACED).thenEffects(list -> assertThat(list).isEmpty()))
                    .isInstanceOf(AssertionError.class);
        }
    }

    @Nested
    class State {
        @Test
        void the_state_after_the_step_is_compared_by_value_or_by_a_function() {
            var then = spec.given(PLACED).when(new StockReserved("o-1"));

            then.thenState(new Fulfilment.AwaitingPayment("o-1", 250));
            then.thenState(state -> assertThat(state).isInstanceOf(Fulfilment.AwaitingPayment.class));
            assertThatThrownBy(() -> then.thenState(new Fulfilment.AwaitingStock("o-1", 250)))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("the saga's state");
        }

        @Test
        void complete_and_not_complete_follow_is_complete() {
            var confirmed = spec.given(PLACED, new StockReserved("o-1"), new PaymentAuthorized("o-1"))
                    .when(new OrderConfirmed("o-1"));

            confirmed.thenComplete();
            assertThatThrownBy(confirmed::thenNotComplete).isInstanceOf(AssertionError.class);
            assertThatThrownBy(() -> spec.given().when(PLACED).thenComplete()).isInstanceOf(AssertionError.class);
        }

        @Test
        void facts_after_the_end_are_ignored_as_the_runner_ignores_them() {
            var ended = spec.given(PLACED, new StockReserved("o-1"), new PaymentAuthorized("o-1"),
                    new OrderConfirmed("o-1"));

            ended.when(PLACED).thenNothing().thenState(new Fulfilment.Confirmed("o-1")).thenComplete();
        }
    }

    @Nested
    class Timeouts {
        @Test
        void a_pending_timeout_can_come_due_and_is_gone_after() {
            spec.given(PLACED).whenTimeout("payment").thenPendingTimeouts();
        }

        @Test
        void a_timeout_never_scheduled_or_already_cancelled_cannot_come_due() {
            assertThatThrownBy(() -> spec.given().whenTimeout("payment")).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("timeout 'payment' should be pending");
            assertThatThrownBy(() -> spec.given(PLACED, new StockReserved("o-1"), new PaymentAuthorized("o-1"))
                    .whenTimeout("payment")).isInstanceOf(AssertionError.class);
        }

        @Test
        void pending_timeouts_and_due_instants_are_checked() {
            var placed = spec.recordedAt(Instant.parse("2026-03-01T12:00:00Z")).given().when(PLACED);

            placed.thenPendingTimeouts("payment").thenTimeoutDue("payment", Instant.parse("2026-03-01T12:15:00Z"));
            assertThatThrownBy(() -> placed.thenTimeoutDue("payment", Instant.parse("2026-03-01T12:16:00Z")))
                    .isInstanceOf(AssertionError.class);
            assertThatThrownBy(placed::thenPendingTimeouts).isInstanceOf(AssertionError.class);
            assertThat(spec.given(PLACED).pendingTimeouts())
                    .containsExactly(new SagaSpec.Timeout("payment", SagaSpec.START.plus(Duration.ofMinutes(15))));
        }

        @Test
        void a_timeout_scheduled_by_a_timeout_counts_from_when_the_first_was_due() {
            var reminders = SagaSpec.of(new Reminders());

            reminders.given("start").whenTimeout("remind")
                    .then(scheduleAfter("remind", Duration.ofHours(1)))
                    .thenTimeoutDue("remind", SagaSpec.START.plus(Duration.ofHours(2)));
        }

        @Test
        void a_cancelled_timeout_is_no_longer_pending() {
            var reminders = SagaSpec.of(new Reminders());

            reminders.given("start").when("stop").then(cancel("remind")).thenPendingTimeouts();
        }
    }

    @Nested
    class Failures {
        @Test
        void a_step_that_throws_is_reported_by_then_throws_and_fails_every_other_expectation() {
            var exploding = SagaSpec.of(new Reminders()).given("start").when("explode");

            exploding.thenThrows(IllegalStateException.class);
            assertThatThrownBy(exploding::thenNothing).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("threw").hasMessageContaining("boom");
            assertThatThrownBy(() -> SagaSpec.of(new Reminders()).given().when("start")
                    .thenThrows(IllegalStateException.class)).isInstanceOf(AssertionError.class);
        }
    }

    /** Reminds every hour after "start" until "stop"; "explode" is a bug. */
    static final class Reminders implements Saga<List<String>, String, String> {
        @Override
        public String name() {
            return "reminders";
        }

        @Override
        public List<String> initialState() {
            return List.of();
        }

        @Override
        public List<String> evolve(List<String> state, String event) {
            if (event.equals("explode")) {
                throw new IllegalStateException("boom");
            }
            return event.equals("stop") ? List.of() : List.of(event);
        }

        @Override
        public List<SagaEffect<String, String>> react(List<String> state, String event) {
            return event.equals("start") ? List.of(scheduleAfter("remind", Duration.ofHours(1)))
                    : List.of(cancel("remind"));
        }

        @Override
        public List<SagaEffect<String, String>> onTimeout(List<String> state, String timeoutName) {
            return List.of(scheduleAfter("remind", Duration.ofHours(1)));
        }
    }
}
