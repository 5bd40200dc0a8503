package dev.chorus.core.saga.shop;

/** Where one order's fulfilment stands. */
public sealed interface Fulfilment {
    record NotStarted() implements Fulfilment {}

    record AwaitingStock(String orderId, long amount) implements Fulfilment {}

    record AwaitingPayment(String orderId, long amount) implements Fulfilment {}

    record Confirming(String orderId) implements Fulfilment {}

    /** Undoing: waiting for the stock to be released and/or the order to be cancelled. */
    record Compensating(String orderId, boolean releasing, boolean cancelling) implements Fulfilment {}

    record Confirmed(String orderId) implements Fulfilment {}

    record Cancelled(String orderId) implements Fulfilment {}
}
