package dev.chorus.shop.orders;

import dev.chorus.core.decider.Decider;
import dev.chorus.shop.contracts.Bounds;
import dev.chorus.shop.contracts.Conflict;
import dev.chorus.shop.contracts.NotFound;
import dev.chorus.shop.contracts.OrderEvent;
import dev.chorus.shop.contracts.OrderEvent.OrderCancelled;
import dev.chorus.shop.contracts.OrderEvent.OrderConfirmed;
import dev.chorus.shop.contracts.OrderEvent.OrderPlaced;
import dev.chorus.shop.contracts.OrderEvent.OrderShipped;
import dev.chorus.shop.orders.Order.NotPlaced;
import dev.chorus.shop.orders.Order.Placed;
import dev.chorus.shop.orders.OrderCommand.CancelOrder;
import dev.chorus.shop.orders.OrderCommand.ConfirmOrder;
import dev.chorus.shop.orders.OrderCommand.MarkShipped;
import dev.chorus.shop.orders.OrderCommand.PlaceOrder;
import java.util.List;

/**
 * One order's rules. Reactions to other services' facts (confirm, cancel, mark shipped) answer a repeat
 * with no events, so a redelivered fact changes nothing.
 */
public final class OrderDecider implements Decider<OrderCommand, Order, OrderEvent> {
    public static String streamOf(String orderId) {
        return "order-" + orderId;
    }

    @Override
    public Order initialState() {
        return new NotPlaced();
    }

    @Override
    public List<OrderEvent> decide(OrderCommand command, Order state) {
        return switch (command) {
            case PlaceOrder place -> place(place, state);
            case ConfirmOrder confirm -> switch (placed(state, confirm.orderId()).status()) {
                case PENDING -> {
                    var order = (Placed) state;
                    yield List.of(new OrderConfirmed(order.orderId(), order.customerId(), order.customerName(),
                            order.shippingAddress(), order.total()));
                }
                // a payment authorized after the order was cancelled is given back by payments itself
                case CONFIRMED, SHIPPED, CANCELLED -> List.of();
            };
            case CancelOrder cancel -> {
                Bounds.text("reason", cancel.reason(), Bounds.MAX_TEXT);
                var order = placed(state, cancel.orderId());
                yield switch (order.status()) {
                    case PENDING, CONFIRMED -> List.of(new OrderCancelled(order.orderId(), order.customerId(),
                            cancel.reason()));
                    case CANCELLED -> List.of();
                    case SHIPPED -> throw new Conflict("order-shipped", order.orderId(),
                            "order " + order.orderId() + " has shipped and can no longer be cancelled");
                };
            }
            case MarkShipped shipped -> placed(state, shipped.orderId()).status() == OrderStatus.CONFIRMED
                    ? List.of(new OrderShipped(shipped.orderId(), shipped.shipmentId()))
                    : List.of();
        };
    }

    private static List<OrderEvent> place(PlaceOrder command, Order state) {
        Bounds.id("orderId", command.orderId());
        Bounds.id("customerId", command.customerId());
        long total = Bounds.lines(command.lines());
        if (state instanceof Placed) {
            throw new Conflict("order-exists", command.orderId(), "order " + command.orderId() + " exists already");
        }
        return List.of(new OrderPlaced(command.orderId(), command.customerId(), command.customerName(),
                command.customerEmail(), command.shippingAddress(), command.lines(), total));
    }

    private static Placed placed(Order state, String orderId) {
        return switch (state) {
            case NotPlaced notPlaced -> throw new NotFound("order", orderId);
            case Placed placed -> placed;
        };
    }

    /** A shipped or cancelled order takes no further event: every command then decides nothing or is refused. */
    @Override
    public boolean isTerminal(Order state) {
        return state instanceof Placed placed
                && (placed.status() == OrderStatus.SHIPPED || placed.status() == OrderStatus.CANCELLED);
    }

    @Override
    public Order evolve(Order state, OrderEvent event) {
        return switch (event) {
            case OrderPlaced p -> new Placed(p.orderId(), p.customerId(), p.customerName(), p.shippingAddress(),
                    p.lines(), p.total(), OrderStatus.PENDING, "");
            case OrderConfirmed confirmed -> moved(state, OrderStatus.CONFIRMED, "");
            case OrderCancelled cancelled -> moved(state, OrderStatus.CANCELLED, cancelled.reason());
            case OrderShipped shipped -> moved(state, OrderStatus.SHIPPED, "");
        };
    }

    private static Order moved(Order state, OrderStatus status, String reason) {
        return state instanceof Placed placed ? placed.with(status, reason) : state;
    }
}
