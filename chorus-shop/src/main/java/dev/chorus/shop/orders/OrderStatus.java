package dev.chorus.shop.orders;

/** An order's status, as the HTTP API spells it. */
public enum OrderStatus { PENDING, CONFIRMED, SHIPPED, CANCELLED }
