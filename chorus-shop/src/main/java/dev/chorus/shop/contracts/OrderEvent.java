package dev.chorus.shop.contracts;

import java.util.List;

/** Facts of the orders service, on stream {@code order-<orderId>}. */
public sealed interface OrderEvent extends ShopEvent {
    String orderId();

    /** Carries the customer as the orders service's replica knew it (event-carried state). */
    record OrderPlaced(String orderId, String customerId, String customerName, String customerEmail,
                       String shippingAddress, List<OrderLine> lines, long total) implements OrderEvent {
        public OrderPlaced {
            lines = List.copyOf(lines);
        }
    }

    /** Carries what shipping needs, so shipping never asks orders. */
    record OrderConfirmed(String orderId, String customerId, String customerName, String shippingAddress,
                          long total) implements OrderEvent {}

    /** {@code reason} is kebab case first ({@code out-of-stock}, {@code payment-failed}, {@code customer-cancelled}), then detail. */
    record OrderCancelled(String orderId, String customerId, String reason) implements OrderEvent {}

    record OrderShipped(String orderId, String shipmentId) implements OrderEvent {}
}
