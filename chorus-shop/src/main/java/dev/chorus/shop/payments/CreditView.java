package dev.chorus.shop.payments;

/** The payments read model's row: a customer's limit, what authorized orders hold, and what is left. */
public record CreditView(String customerId, long creditLimit, long authorized, long available) {}
