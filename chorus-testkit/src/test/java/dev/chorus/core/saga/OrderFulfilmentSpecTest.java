package dev.chorus.core.saga;

import static dev.chorus.core.saga.SagaEffect.cancel;
import static dev.chorus.core.saga.SagaEffect.issue;
import static dev.chorus.core.saga.SagaEffect.publish;
import static dev.chorus.core.saga.SagaEffect.scheduleAfter;
import static dev.chorus.core.saga.shop.OrderFulfilment.PAYMENT;
import static dev.chorus.core.saga.shop.OrderFulfilment.PAYMENT_WINDOW;

import dev.chorus.core.saga.shop.Fulfilment;
import dev.chorus.core.saga.shop.OrderFulfilment;
import dev.chorus.core.saga.shop.ShopCommand;
import dev.chorus.core.saga.shop.ShopCommand.AuthorizePayment;
import dev.chorus.core.saga.shop.ShopCommand.CancelOrder;
import dev.chorus.core.saga.shop.ShopCommand.ConfirmOrder;
import dev.chorus.core.saga.shop.ShopCommand.ReleaseStock;
import dev.chorus.core.saga.shop.ShopCommand.ReserveStock;
import dev.chorus.core.saga.shop.ShopEvent;
import dev.chorus.core.saga.shop.ShopEvent.OrderCancelled;
import dev.chorus.core.saga.shop.ShopEvent.OrderConfirmed;
import dev.chorus.core.saga.shop.ShopEvent.OrderPlaced;
import dev.chorus.core.saga.shop.ShopEvent.PaymentAuthorized;
import dev.chorus.core.saga.shop.ShopEvent.PaymentFailed;
import dev.chorus.core.saga.shop.ShopEvent.PaymentTimedOut;
import dev.chorus.core.saga.shop.ShopEvent.StockReleased;
import dev.chorus.core.saga.shop.ShopEvent.StockReservationFailed;
import dev.chorus.core.saga.shop.ShopEvent.StockReserved;
import dev.chorus.testkit.saga.SagaSpec;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The fulfilment saga's rules, one sentence each. */
class OrderFulfilmentSpecTest {
    private final SagaSpec<Fulfilment, ShopEvent, ShopCommand> saga = SagaSpec.of(new OrderFulfilment());
    private static final OrderPlaced PLACED = new OrderPlaced("o-1", 250);

    @Nested
    class Going_forward {
        @Test
        void a_placed_order_reserves_stock_and_opens_the_payment_window() {
            saga.given()
                    .when(PLACED)
                    .then(issue(new ReserveStock("o-1")), scheduleAfter(PAYMENT, PAYMENT_WINDOW))
                    .thenState(new Fulfilment.AwaitingStock("o-1", 250))
                    .thenTimeoutDue(PAYMENT, SagaSpec.START.plus(PAYMENT_WINDOW));
        }

        @Test
        void reserved_stock_asks_for_the_payment_of_the_order() {
            saga.given(PLACED)
                    .when(new StockReserved("o-1"))
                    .then(issue(new AuthorizePayment("o-1", 250)))
                    .thenPendingTimeouts(PAYMENT);
        }

        @Test
        void an_authorized_payment_confirms_the_order_and_closes_the_window() {
            saga.given(PLACED, new StockReserved("o-1"))
                    .when(new PaymentAuthorized("o-1"))
                    .then(cancel(PAYMENT), issue(new ConfirmOrder("o-1")))
                    .thenPendingTimeouts()
                    .thenNotComplete();
        }

        @Test
        void the_confirmation_ends_the_conversation() {
            saga.given(PLACED, new StockReserved("o-1"), new PaymentAuthorized("o-1"))
                    .when(new OrderConfirmed("o-1"))
                    .thenNothing()
                    .thenComplete();
        }
    }

    @Nested
    class Compensating {
        @Test
        void a_failed_payment_releases_the_reserved_stock_and_cancels_the_order() {
            saga.given(PLACED, new StockReserved("o-1"))
                    .when(new PaymentFailed("o-1", "card declined"))
                    .then(cancel(PAYMENT), issue(new ReleaseStock("o-1")), issue(new CancelOrder("o-1", "payment failed")))
                    .thenState(new Fulfilment.Compensating("o-1", true, true));
        }

        @Test
        void no_stock_cancels_the_order_with_nothing_to_release() {
            saga.given(PLACED)
                    .when(new StockReservationFailed("o-1", "none left"))
                    .then(cancel(PAYMENT), issue(new CancelOrder("o-1", "out of stock")))
                    .thenState(new Fulfilment.Compensating("o-1", false, true));
        }

        @Test
        void the_conversation_ends_once_the_stock_is_back_and_the_order_cancelled_in_either_order() {
            var declined = saga.given(PLACED, new StockReserved("o-1"), new PaymentFailed("o-1", "card declined"));

            declined.when(new StockReleased("o-1")).thenNotComplete();
            saga.given(PLACED, new StockReserved("o-1"), new PaymentFailed("o-1", "card declined"),
                    new StockReleased("o-1")).when(new OrderCancelled("o-1", "payment failed")).thenComplete();
            saga.given(PLACED, new StockReserved("o-1"), new PaymentFailed("o-1", "card declined"),
                    new OrderCancelled("o-1", "payment failed")).when(new StockReleased("o-1")).thenComplete();
        }
    }

    @Nested
    class Timing_out {
        @Test
        void an_unpaid_order_with_stock_is_timed_out_released_and_cancelled() {
            saga.given(PLACED, new StockReserved("o-1"))
                    .whenTimeout(PAYMENT)
                    .then(publish("order-o-1", new PaymentTimedOut("o-1")), issue(new ReleaseStock("o-1")),
                            issue(new CancelOrder("o-1", "payment timed out")))
                    .thenState(new Fulfilment.AwaitingPayment("o-1", 250))
                    .thenPendingTimeouts();
        }

        @Test
        void an_order_still_waiting_for_stock_is_only_cancelled() {
            saga.given(PLACED)
                    .whenTimeout(PAYMENT)
                    .then(publish("order-o-1", new PaymentTimedOut("o-1")), issue(new CancelOrder("o-1", "payment timed out")));
        }

        @Test
        void the_published_time_out_starts_the_compensation() {
            saga.given(PLACED, new StockReserved("o-1"))
                    .when(new PaymentTimedOut("o-1"))
                    .thenNothing()
                    .thenState(new Fulfilment.Compensating("o-1", true, true));
        }

        @Test
        void a_late_payment_after_the_time_out_changes_nothing() {
            saga.given(PLACED, new StockReserved("o-1"), new PaymentTimedOut("o-1"))
                    .when(new PaymentAuthorized("o-1"))
                    .thenNothing()
                    .thenState(new Fulfilment.Compensating("o-1", true, true));
        }
    }
}
