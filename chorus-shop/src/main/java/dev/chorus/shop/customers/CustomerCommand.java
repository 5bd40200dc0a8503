package dev.chorus.shop.customers;

public sealed interface CustomerCommand {
    String customerId();

    record RegisterCustomer(String customerId, String name, String email, String address, long creditLimit)
            implements CustomerCommand {}

    record ChangeAddress(String customerId, String address) implements CustomerCommand {}
}
