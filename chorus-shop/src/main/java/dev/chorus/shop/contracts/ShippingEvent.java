package dev.chorus.shop.contracts;

/** Facts of the shipping service, on stream {@code shipment-<orderId>}. */
public sealed interface ShippingEvent extends ShopEvent {
    record ShipmentScheduled(String shipmentId, String orderId, String customerName, String address)
            implements ShippingEvent {}
}
