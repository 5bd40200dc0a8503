package dev.chorus.shop.shipping;

public record ShipmentView(String shipmentId, String orderId, String customerName, String address) {}
