package dev.chorus.shop.shipping;

import dev.chorus.shop.contracts.InvalidValue;
import dev.chorus.shop.contracts.ShippingEvent;
import dev.chorus.shop.contracts.ShippingEvent.ShipmentScheduled;
import dev.chorus.shop.contracts.ShopCodecs;
import dev.chorus.shop.shipping.ShippingCommand.ScheduleShipment;
import dev.chorus.testkit.decider.DeciderSpec;
import dev.chorus.testkit.projection.ProjectionSpec;
import org.junit.jupiter.api.Test;

class ShipmentDeciderTest {
    private static final ShipmentScheduled SCHEDULED = new ShipmentScheduled("shipment-o-1", "o-1", "Ada", "London");

    private static DeciderSpec<ShippingCommand, Shipment, ShippingEvent> spec() {
        return DeciderSpec.of(new ShipmentDecider()).withCodec(ShopCodecs.SHIPPING);
    }

    @Test
    void a_confirmed_order_is_shipped_to_the_address_it_carries() {
        spec().given().when(new ScheduleShipment("o-1", "Ada", "London")).then(SCHEDULED);
    }

    @Test
    void an_order_is_shipped_once() {
        spec().given(SCHEDULED).when(new ScheduleShipment("o-1", "Ada", "London")).thenNothing();
    }

    @Test
    void a_blank_address_is_refused() {
        spec().given().when(new ScheduleShipment("o-1", "Ada", "")).thenThrows(InvalidValue.class);
    }

    @Test
    void the_view_lists_the_shipment() {
        ProjectionSpec.of(ShippingService.projection()).given(SCHEDULED).thenRow("shipment/o-1", ShippingService.ROW,
                new ShipmentView("shipment-o-1", "o-1", "Ada", "London"));
    }
}
