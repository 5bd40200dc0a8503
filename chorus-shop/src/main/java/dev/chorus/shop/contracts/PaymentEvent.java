package dev.chorus.shop.contracts;

/** Facts of the payments service, on stream {@code credit-account-<customerId>}. */
public sealed interface PaymentEvent extends ShopEvent {
    String customerId();

    record CreditAccountOpened(String customerId, long creditLimit) implements PaymentEvent {}

    record PaymentAuthorized(String orderId, String customerId, long amount) implements PaymentEvent {}

    record PaymentFailed(String orderId, String customerId, long amount, String reason) implements PaymentEvent {}

    /**
     * The order was cancelled: {@code amount} (what was authorized, 0 when nothing was) is available again,
     * and no later authorization is given for the order.
     */
    record CreditReleased(String orderId, String customerId, long amount) implements PaymentEvent {}
}
