package dev.chorus.shop.contracts;

/** Every fact of Chorus Shop, one sealed family per service. */
public sealed interface ShopEvent
        permits CustomerEvent, OrderEvent, InventoryEvent, PaymentEvent, ShippingEvent {}
