package dev.chorus.shop.inventory;

import dev.chorus.shop.contracts.OrderLine;
import java.util.List;
import java.util.Map;

/**
 * The state of the warehouse stream: stock per SKU, and every order's reservation by order id (which is
 * what makes a redelivered {@code OrderPlaced} or a second release change nothing).
 */
public record Warehouse(Map<String, Stock> stock, Map<String, Reservation> reservations) {
    public Warehouse {
        stock = Map.copyOf(stock);
        reservations = Map.copyOf(reservations);
    }

    public static Warehouse empty() {
        return new Warehouse(Map.of(), Map.of());
    }

    public Stock stockOf(String sku) {
        return stock.getOrDefault(sku, Stock.NONE);
    }

    public record Stock(long available, long reserved) {
        public static final Stock NONE = new Stock(0, 0);
    }

    public enum ReservationStatus { HELD, FAILED, RELEASED }

    public record Reservation(ReservationStatus status, List<OrderLine> lines) {
        public Reservation {
            lines = List.copyOf(lines);
        }
    }
}
