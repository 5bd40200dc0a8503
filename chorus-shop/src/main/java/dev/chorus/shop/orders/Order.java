package dev.chorus.shop.orders;

import dev.chorus.shop.contracts.OrderLine;
import java.util.List;

/** The state of one order stream; time travel over an order stream answers one of these. */
public sealed interface Order {
    record NotPlaced() implements Order {}

    /** {@code reason} is empty unless the order is cancelled. */
    record Placed(String orderId, String customerId, String customerName, String shippingAddress,
                  List<OrderLine> lines, long total, OrderStatus status, String reason) implements Order {
        public Placed {
            lines = List.copyOf(lines);
        }

        Placed with(OrderStatus newStatus, String newReason) {
            return new Placed(orderId, customerId, customerName, shippingAddress, lines, total, newStatus, newReason);
        }
    }
}
