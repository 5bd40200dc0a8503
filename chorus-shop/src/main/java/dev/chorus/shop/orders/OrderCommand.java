package dev.chorus.shop.orders;

import dev.chorus.shop.contracts.OrderLine;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

public sealed interface OrderCommand {
    String orderId();

    /** The customer fields come from the orders service's replica, not from the caller. */
    record PlaceOrder(String orderId, String customerId, String customerName, String customerEmail,
                      String shippingAddress, List<OrderLine> lines) implements OrderCommand {
        public PlaceOrder {
            // copied without List.copyOf, which would throw on a null line before the decider can name it
            lines = Collections.unmodifiableList(new ArrayList<>(lines));
        }
    }

    record ConfirmOrder(String orderId) implements OrderCommand {}

    record CancelOrder(String orderId, String reason) implements OrderCommand {}

    record MarkShipped(String orderId, String shipmentId) implements OrderCommand {}
}
