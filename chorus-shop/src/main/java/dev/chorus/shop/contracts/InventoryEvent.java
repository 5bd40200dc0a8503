package dev.chorus.shop.contracts;

import java.util.List;

/** Facts of the inventory service, on its warehouse stream {@code inventory-warehouse}. */
public sealed interface InventoryEvent extends ShopEvent {
    record StockAdded(String sku, int quantity) implements InventoryEvent {}

    /** Every line of the order is held; carries the customer and total so payments need not ask orders. */
    record StockReserved(String orderId, String customerId, long total, List<OrderLine> lines)
            implements InventoryEvent {
        public StockReserved {
            lines = List.copyOf(lines);
        }
    }

    /** Nothing was held: at least one line lacked stock ({@code shortSkus}). */
    record StockReservationFailed(String orderId, String customerId, List<String> shortSkus, String reason)
            implements InventoryEvent {
        public StockReservationFailed {
            shortSkus = List.copyOf(shortSkus);
        }
    }

    /** The compensation of {@link StockReserved}: its lines are available again. */
    record StockReleased(String orderId, List<OrderLine> lines) implements InventoryEvent {
        public StockReleased {
            lines = List.copyOf(lines);
        }
    }
}
