package dev.chorus.core.saga.shop;

/** The facts of the shop's order conversation, as the services publish them. */
public sealed interface ShopEvent {
    String orderId();

    record OrderPlaced(String orderId, long amount) implements ShopEvent {}

    record StockReserved(String orderId) implements ShopEvent {}

    record StockReservationFailed(String orderId, String reason) implements ShopEvent {}

    record PaymentAuthorized(String orderId) implements ShopEvent {}

    record PaymentFailed(String orderId, String reason) implements ShopEvent {}

    /** Published by the fulfilment saga itself when the payment window closes. */
    record PaymentTimedOut(String orderId) implements ShopEvent {}

    record OrderConfirmed(String orderId) implements ShopEvent {}

    record OrderCancelled(String orderId, String reason) implements ShopEvent {}

    /** The compensating fact: a reservation given back. */
    record StockReleased(String orderId) implements ShopEvent {}
}
