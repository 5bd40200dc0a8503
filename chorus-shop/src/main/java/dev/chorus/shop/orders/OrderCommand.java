package dev.chorus.shop.orders;

import dev.chorus.shop.contracts.OrderLine;
import java.util.List;

public sealed interface OrderCommand {
    String orderId();

    /** The customer fields come from the orders service's replica, not from the caller. */
    record PlaceOrder(String orderId, String customerId, String customerName, String customerEmail,
                      String shippingAddress, List<OrderLine> lines) implements OrderCommand {
        public PlaceOrder {
            lines = lines == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(lines));
        }
    }

    record ConfirmOrder(String orderId) implements OrderCommand {}

    record CancelOrder(String orderId, String reason) implements OrderCommand {}

    record MarkShipped(String orderId, String shipmentId) implements OrderCommand {}
}
