package dev.chorus.shop.inventory;

import dev.chorus.core.codec.Codec;
import dev.chorus.core.projection.Projection;
import dev.chorus.core.projection.ReadModel;
import dev.chorus.json.JsonCodec;
import dev.chorus.shop.contracts.InventoryEvent;
import dev.chorus.shop.contracts.InventoryEvent.StockAdded;
import dev.chorus.shop.contracts.InventoryEvent.StockReleased;
import dev.chorus.shop.contracts.InventoryEvent.StockReservationFailed;
import dev.chorus.shop.contracts.InventoryEvent.StockReserved;
import dev.chorus.shop.contracts.OrderLine;
import dev.chorus.shop.contracts.ShopCodecs;
import java.util.List;

/** Projection {@code inventory.view}: {@code stock/<sku>} → {@link StockView}. */
public final class InventoryView {
    public static final String NAME = "inventory.view";
    public static final Codec<StockView> ROW = JsonCodec.of(StockView.class);

    private InventoryView() {}

    public static String key(String sku) {
        return "stock/" + sku;
    }

    public static Projection<InventoryEvent> projection() {
        return Projection.of(NAME, ShopCodecs.INVENTORY, (event, source, model) -> {
            switch (event) {
                case StockAdded added -> add(model, added.sku(), added.quantity(), 0);
                case StockReserved reserved -> move(model, reserved.lines(), -1);
                case StockReleased released -> move(model, released.lines(), +1);
                case StockReservationFailed failed -> { }
            }
        });
    }

    private static void move(ReadModel model, List<OrderLine> lines, int direction) {
        lines.forEach(line -> add(model, line.sku(), (long) direction * line.quantity(), -(long) direction * line.quantity()));
    }

    private static void add(ReadModel model, String sku, long available, long reserved) {
        var row = model.get(key(sku), ROW).orElse(new StockView(sku, 0, 0));
        model.put(key(sku), new StockView(sku, row.available() + available, row.reserved() + reserved), ROW);
    }
}
