package dev.chorus.shop.orders;

/** What the orders service keeps of a customer, from customer facts: what an order carries. */
public record CustomerReplica(String customerId, String name, String email, String address) {}
