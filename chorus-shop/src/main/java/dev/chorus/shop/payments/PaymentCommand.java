package dev.chorus.shop.payments;

public sealed interface PaymentCommand {
    String customerId();

    record OpenAccount(String customerId, long creditLimit) implements PaymentCommand {}

    record Authorize(String orderId, String customerId, long amount) implements PaymentCommand {}

    record ReleaseCredit(String orderId, String customerId) implements PaymentCommand {}
}
