package dev.chorus.core.handler;

/** The events the handler tests handle: a sealed interface of records, as application code has. */
sealed interface ShopEvent {
    String orderId();

    record OrderPlaced(String orderId, int amount) implements ShopEvent {}

    record OrderPaid(String orderId) implements ShopEvent {}

    record ShipmentRequested(String orderId) implements ShopEvent {}
}
