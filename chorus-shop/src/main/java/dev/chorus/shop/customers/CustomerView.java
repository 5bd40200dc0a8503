package dev.chorus.shop.customers;

/** The customers read model's row, as the HTTP API answers it. */
public record CustomerView(String customerId, String name, String email, String address, long creditLimit) {}
