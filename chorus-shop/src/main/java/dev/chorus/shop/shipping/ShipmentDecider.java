package dev.chorus.shop.shipping;

import dev.chorus.core.decider.Decider;
import dev.chorus.shop.contracts.Bounds;
import dev.chorus.shop.contracts.ShippingEvent;
import dev.chorus.shop.contracts.ShippingEvent.ShipmentScheduled;
import dev.chorus.shop.shipping.Shipment.NotScheduled;
import dev.chorus.shop.shipping.Shipment.Scheduled;
import dev.chorus.shop.shipping.ShippingCommand.ScheduleShipment;
import java.util.List;

/** One shipment per order: a second request for the same order (a redelivered confirmation) changes nothing. */
public final class ShipmentDecider implements Decider<ShippingCommand, Shipment, ShippingEvent> {
    public static String streamOf(String orderId) {
        return "shipment-" + orderId;
    }

    public static String shipmentIdOf(String orderId) {
        return "shipment-" + orderId;
    }

    @Override
    public Shipment initialState() {
        return new NotScheduled();
    }

    @Override
    public List<ShippingEvent> decide(ShippingCommand command, Shipment state) {
        return switch (command) {
            case ScheduleShipment schedule -> {
                Bounds.id("orderId", schedule.orderId());
                Bounds.text("address", schedule.address(), Bounds.MAX_ADDRESS);
                yield switch (state) {
                    case Scheduled scheduled -> List.of();
                    case NotScheduled notScheduled -> List.of(new ShipmentScheduled(
                            shipmentIdOf(schedule.orderId()), schedule.orderId(), schedule.customerName(),
                            schedule.address()));
                };
            }
        };
    }

    @Override
    public Shipment evolve(Shipment state, ShippingEvent event) {
        return switch (event) {
            case ShipmentScheduled s -> new Scheduled(s.shipmentId(), s.orderId(), s.address());
        };
    }
}
