package dev.chorus.shop.inventory;

import dev.chorus.shop.contracts.OrderLine;
import java.util.List;

public sealed interface InventoryCommand {
    record AddStock(String sku, int quantity) implements InventoryCommand {}

    record ReserveStock(String orderId, String customerId, long total, List<OrderLine> lines)
            implements InventoryCommand {
        public ReserveStock {
            lines = List.copyOf(lines);
        }
    }

    record ReleaseStock(String orderId) implements InventoryCommand {}
}
