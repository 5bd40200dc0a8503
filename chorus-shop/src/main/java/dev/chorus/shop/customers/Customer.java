package dev.chorus.shop.customers;

/** The state of one customer stream. */
public sealed interface Customer {
    record Unregistered() implements Customer {}

    record Registered(String customerId, String name, String email, String address, long creditLimit)
            implements Customer {}
}
