package dev.chorus.shop.contracts;

/** Facts of the customers service, on stream {@code customer-<customerId>}. */
public sealed interface CustomerEvent extends ShopEvent {
    String customerId();

    record CustomerRegistered(String customerId, String name, String email, String address, long creditLimit)
            implements CustomerEvent {}

    record CustomerAddressChanged(String customerId, String address) implements CustomerEvent {}
}
