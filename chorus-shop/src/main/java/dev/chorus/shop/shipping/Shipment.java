package dev.chorus.shop.shipping;

public sealed interface Shipment {
    record NotScheduled() implements Shipment {}

    record Scheduled(String shipmentId, String orderId, String address) implements Shipment {}
}
