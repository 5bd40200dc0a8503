package dev.chorus.core.saga.shop;

import dev.chorus.core.saga.Saga;
import dev.chorus.core.saga.SagaEffect;
import dev.chorus.core.saga.shop.Fulfilment.AwaitingPayment;
import dev.chorus.core.saga.shop.Fulfilment.AwaitingStock;
import dev.chorus.core.saga.shop.Fulfilment.Cancelled;
import dev.chorus.core.saga.shop.Fulfilment.Compensating;
import dev.chorus.core.saga.shop.Fulfilment.Confirmed;
import dev.chorus.core.saga.shop.Fulfilment.Confirming;
import dev.chorus.core.saga.shop.Fulfilment.NotStarted;
import dev.chorus.core.saga.shop.ShopCommand.AuthorizePayment;
import dev.chorus.core.saga.shop.ShopCommand.CancelOrder;
import dev.chorus.core.saga.shop.ShopCommand.ConfirmOrder;
import dev.chorus.core.saga.shop.ShopCommand.ReleaseStock;
import dev.chorus.core.saga.shop.ShopCommand.ReserveStock;
import dev.chorus.core.saga.shop.ShopEvent.OrderCancelled;
import dev.chorus.core.saga.shop.ShopEvent.OrderConfirmed;
import dev.chorus.core.saga.shop.ShopEvent.OrderPlaced;
import dev.chorus.core.saga.shop.ShopEvent.PaymentAuthorized;
import dev.chorus.core.saga.shop.ShopEvent.PaymentFailed;
import dev.chorus.core.saga.shop.ShopEvent.PaymentTimedOut;
import dev.chorus.core.saga.shop.ShopEvent.StockReleased;
import dev.chorus.core.saga.shop.ShopEvent.StockReservationFailed;
import dev.chorus.core.saga.shop.ShopEvent.StockReserved;
import java.time.Duration;
import java.util.List;

/**
 * Order placed → reserve stock → authorize payment → confirm; out of stock or a failed payment cancels the
 * order, releasing a reservation already made (the compensation); no payment within 15 minutes of the order
 * times out the same way.
 */
public final class OrderFulfilment implements Saga<Fulfilment, ShopEvent, ShopCommand> {
    public static final String NAME = "order-fulfilment";
    public static final String PAYMENT = "payment";
    public static final Duration PAYMENT_WINDOW = Duration.ofMinutes(15);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Fulfilment initialState() {
        return new NotStarted();
    }

    @Override
    public Fulfilment evolve(Fulfilment state, ShopEvent event) {
        return switch (event) {
            case OrderPlaced placed when state instanceof NotStarted -> new AwaitingStock(placed.orderId(), placed.amount());
            case StockReserved reserved when state instanceof AwaitingStock s -> new AwaitingPayment(s.orderId(), s.amount());
            case StockReservationFailed failed when state instanceof AwaitingStock s ->
                    new Compensating(s.orderId(), false, true);
            case PaymentAuthorized authorized when state instanceof AwaitingPayment s -> new Confirming(s.orderId());
            case PaymentFailed failed when state instanceof AwaitingPayment s -> new Compensating(s.orderId(), true, true);
            case PaymentTimedOut timedOut when state instanceof AwaitingStock s -> new Compensating(s.orderId(), false, true);
            case PaymentTimedOut timedOut when state instanceof AwaitingPayment s -> new Compensating(s.orderId(), true, true);
            case OrderConfirmed confirmed when state instanceof Confirming s -> new Confirmed(s.orderId());
            case OrderCancelled cancelled when state instanceof Compensating s -> settle(s.orderId(), s.releasing(), false);
            case StockReleased released when state instanceof Compensating s -> settle(s.orderId(), false, s.cancelling());
            default -> state;
        };
    }

    private static Fulfilment settle(String orderId, boolean releasing, boolean cancelling) {
        return releasing || cancelling ? new Compensating(orderId, releasing, cancelling) : new Cancelled(orderId);
    }

    /** Reacts to the move a fact makes from {@code state}; a fact that moves nothing (a repeat) calls for nothing. */
    @Override
    public List<SagaEffect<ShopEvent, ShopCommand>> react(Fulfilment state, ShopEvent event) {
        return switch (event) {
            case OrderPlaced placed when state instanceof NotStarted ->
                    List.of(SagaEffect.issue(new ReserveStock(placed.orderId())),
                            SagaEffect.scheduleAfter(PAYMENT, PAYMENT_WINDOW));
            case StockReserved reserved when state instanceof AwaitingStock s ->
                    List.of(SagaEffect.issue(new AuthorizePayment(s.orderId(), s.amount())));
            case StockReservationFailed failed when state instanceof AwaitingStock s ->
                    List.of(SagaEffect.cancel(PAYMENT), SagaEffect.issue(new CancelOrder(s.orderId(), "out of stock")));
            case PaymentAuthorized authorized when state instanceof AwaitingPayment s ->
                    List.of(SagaEffect.cancel(PAYMENT), SagaEffect.issue(new ConfirmOrder(s.orderId())));
            case PaymentFailed failed when state instanceof AwaitingPayment s ->
                    List.of(SagaEffect.cancel(PAYMENT), SagaEffect.issue(new ReleaseStock(s.orderId())),
                            SagaEffect.issue(new CancelOrder(s.orderId(), "payment failed")));
            default -> List.of();
        };
    }

    @Override
    public List<SagaEffect<ShopEvent, ShopCommand>> onTimeout(Fulfilment state, String timeoutName) {
        return switch (state) {
            case AwaitingStock s when timeoutName.equals(PAYMENT) ->
                    List.of(SagaEffect.publish("order-" + s.orderId(), new PaymentTimedOut(s.orderId())),
                            SagaEffect.issue(new CancelOrder(s.orderId(), "payment timed out")));
            case AwaitingPayment s when timeoutName.equals(PAYMENT) ->
                    List.of(SagaEffect.publish("order-" + s.orderId(), new PaymentTimedOut(s.orderId())),
                            SagaEffect.issue(new ReleaseStock(s.orderId())),
                            SagaEffect.issue(new CancelOrder(s.orderId(), "payment timed out")));
            default -> List.of();
        };
    }

    @Override
    public boolean isComplete(Fulfilment state) {
        return state instanceof Confirmed || state instanceof Cancelled;
    }
}
