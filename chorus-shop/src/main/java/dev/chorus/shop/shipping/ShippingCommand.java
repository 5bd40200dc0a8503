package dev.chorus.shop.shipping;

public sealed interface ShippingCommand {
    record ScheduleShipment(String orderId, String customerName, String address) implements ShippingCommand {}
}
