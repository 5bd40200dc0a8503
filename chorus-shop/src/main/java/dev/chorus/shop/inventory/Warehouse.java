package dev.chorus.shop.inventory;

import dev.chorus.shop.contracts.ById;
import dev.chorus.shop.contracts.OrderLine;
import java.util.List;

/**
 * The state of the warehouse stream: stock per SKU, and every order's reservation by order id (which is
 * what makes a redelivered {@code OrderPlaced} or a second release change nothing).
 */
public record Warehouse(ById<Stock> stock, ById<Reservation> reservations) {
    public static Warehouse empty() {
        return new Warehouse(ById.empty(), ById.empty());
    }

    public Stock stockOf(String sku) {
        return stock.find(sku).orElse(Stock.NONE);
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
