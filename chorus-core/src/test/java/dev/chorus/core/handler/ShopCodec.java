package dev.chorus.core.handler;

import dev.chorus.core.EventType;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.codec.EncodedEvent;
import dev.chorus.core.codec.EventCodec;
import dev.chorus.core.codec.UnknownEventType;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/** A hand-written codec: "orderId[,amount]" as UTF-8. Type {@code shop.Noise} is stored but unknown to it. */
final class ShopCodec implements EventCodec<ShopEvent> {
    static final EventType PLACED = EventType.of("shop.OrderPlaced", 1);
    static final EventType PAID = EventType.of("shop.OrderPaid", 1);
    static final EventType SHIPMENT = EventType.of("shop.ShipmentRequested", 1);
    static final EventType NOISE = EventType.of("shop.Noise", 1);
    private static final Set<String> KNOWN = Set.of(PLACED.name(), PAID.name(), SHIPMENT.name());

    @Override
    public EncodedEvent encode(ShopEvent event) {
        return switch (event) {
            case ShopEvent.OrderPlaced placed -> new EncodedEvent(PLACED, bytes(placed.orderId() + "," + placed.amount()));
            case ShopEvent.OrderPaid paid -> new EncodedEvent(PAID, bytes(paid.orderId()));
            case ShopEvent.ShipmentRequested shipment -> new EncodedEvent(SHIPMENT, bytes(shipment.orderId()));
        };
    }

    @Override
    public ShopEvent decode(RecordedEvent event) {
        String text = new String(event.data(), StandardCharsets.UTF_8);
        return switch (event.type().name()) {
            case "shop.OrderPlaced" -> {
                var parts = text.split(",");
                yield new ShopEvent.OrderPlaced(parts[0], Integer.parseInt(parts[1]));
            }
            case "shop.OrderPaid" -> new ShopEvent.OrderPaid(text);
            case "shop.ShipmentRequested" -> new ShopEvent.ShipmentRequested(text);
            default -> throw new UnknownEventType(event.type(), event.position());
        };
    }

    @Override
    public boolean knows(String typeName) {
        return KNOWN.contains(typeName);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
