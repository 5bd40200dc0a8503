package dev.chorus.core.saga.shop;

/** What the fulfilment saga asks the services to do. */
public sealed interface ShopCommand {
    String orderId();

    record ReserveStock(String orderId) implements ShopCommand {}

    record AuthorizePayment(String orderId, long amount) implements ShopCommand {}

    record ConfirmOrder(String orderId) implements ShopCommand {}

    record CancelOrder(String orderId, String reason) implements ShopCommand {}

    /** The compensation of {@link ReserveStock}. */
    record ReleaseStock(String orderId) implements ShopCommand {}
}
