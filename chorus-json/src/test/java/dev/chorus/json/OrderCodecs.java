package dev.chorus.json;

import dev.chorus.json.OrderEvent.ItemsAdded;
import dev.chorus.json.OrderEvent.OrderCancelled;
import dev.chorus.json.OrderEvent.OrderPlaced;
import dev.chorus.json.OrderEvent.PaymentRecorded;

/** Today's codec for {@link OrderEvent}, the way a service would register it once at start-up. */
final class OrderCodecs {
    private OrderCodecs() {}

    static JsonEventCodec<OrderEvent> today() {
        return JsonEventCodec.builder(OrderEvent.class)
                .register(OrderPlaced.class, "OrderPlaced", 3)
                .register(ItemsAdded.class, "ItemsAdded", 1)
                .register(OrderCancelled.class, "OrderCancelled", 1)
                .register(PaymentRecorded.class, "PaymentRecorded", 1)
                // Before v2 the shop sold in euros only, so a v1 amount is an amount in euros.
                .upcast("OrderPlaced", 1, tree -> tree.put("currency", "EUR"))
                // v2 did not record when the order was placed; the store did, as the event's recorded-at.
                .upcast("OrderPlaced", 2, (tree, stored) -> {
                    var total = tree.putObject("total");
                    total.set("amount", tree.remove("amount"));
                    total.set("currency", tree.remove("currency"));
                    return tree.put("placedAt", stored.recordedAt().toString());
                })
                .build();
    }
}
