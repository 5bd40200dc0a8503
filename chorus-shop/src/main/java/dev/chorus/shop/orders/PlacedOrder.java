package dev.chorus.shop.orders;

/** What placing an order answers: its id and the global position of its {@code OrderPlaced}. */
public record PlacedOrder(String orderId, long position) {}
