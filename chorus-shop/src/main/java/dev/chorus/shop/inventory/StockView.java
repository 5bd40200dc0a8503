package dev.chorus.shop.inventory;

/** The inventory read model's row, as the HTTP API answers it. */
public record StockView(String sku, long available, long reserved) {}
