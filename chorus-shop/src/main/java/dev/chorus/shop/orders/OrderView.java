package dev.chorus.shop.orders;

/** The orders read model's row, as the HTTP API answers it; {@code reason} is empty unless cancelled. */
public record OrderView(String orderId, String streamId, String customerId, OrderStatus status, long total,
                        String shippingAddress, String reason) {
    OrderView with(OrderStatus newStatus, String newReason) {
        return new OrderView(orderId, streamId, customerId, newStatus, total, shippingAddress, newReason);
    }
}
