package dev.chorus.shop;

/** What registering a customer answers: the new id and the position of its {@code CustomerRegistered}. */
public record RegisteredCustomer(String customerId, long position) {}
