package dev.chorus.shop.inventory;

import dev.chorus.core.decider.Decider;
import dev.chorus.shop.contracts.Bounds;
import dev.chorus.shop.contracts.ById;
import dev.chorus.shop.contracts.InvalidValue;
import dev.chorus.shop.contracts.InventoryEvent;
import dev.chorus.shop.contracts.InventoryEvent.StockAdded;
import dev.chorus.shop.contracts.InventoryEvent.StockReleased;
import dev.chorus.shop.contracts.InventoryEvent.StockReservationFailed;
import dev.chorus.shop.contracts.InventoryEvent.StockReserved;
import dev.chorus.shop.contracts.OrderLine;
import dev.chorus.shop.inventory.InventoryCommand.AddStock;
import dev.chorus.shop.inventory.InventoryCommand.ReleaseStock;
import dev.chorus.shop.inventory.InventoryCommand.ReserveStock;
import dev.chorus.shop.inventory.Warehouse.Reservation;
import dev.chorus.shop.inventory.Warehouse.ReservationStatus;
import dev.chorus.shop.inventory.Warehouse.Stock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The warehouse's rules. One stream holds every SKU because a reservation over several SKUs is one decision:
 * all lines are held or none is, and that needs one consistency boundary (see docs/shop.md).
 */
public final class WarehouseDecider implements Decider<InventoryCommand, Warehouse, InventoryEvent> {
    public static final String STREAM = "inventory-warehouse";

    @Override
    public Warehouse initialState() {
        return Warehouse.empty();
    }

    @Override
    public List<InventoryEvent> decide(InventoryCommand command, Warehouse state) {
        return switch (command) {
            case AddStock add -> {
                Bounds.id("sku", add.sku());
                Bounds.quantity("quantity", add.quantity());
                var stock = state.stockOf(add.sku());
                if (stock.available() + stock.reserved() + add.quantity() > Bounds.MAX_STOCK) {
                    throw new InvalidValue("quantity", "would take " + add.sku() + " over " + Bounds.MAX_STOCK
                            + " units");
                }
                yield List.of(new StockAdded(add.sku(), add.quantity()));
            }
            case ReserveStock reserve -> reserve(reserve, state);
            case ReleaseStock release -> {
                yield state.reservations().find(release.orderId())
                        .filter(reservation -> reservation.status() == ReservationStatus.HELD)
                        .<List<InventoryEvent>>map(reservation -> List.of(new StockReleased(release.orderId(),
                                reservation.lines())))
                        .orElse(List.of());
            }
        };
    }

    private static List<InventoryEvent> reserve(ReserveStock command, Warehouse state) {
        if (state.reservations().containsKey(command.orderId())) {
            return List.of();
        }
        Bounds.lines(command.lines());
        var shortSkus = needed(command.lines()).entrySet().stream()
                .filter(need -> state.stockOf(need.getKey()).available() < need.getValue())
                .map(Map.Entry::getKey)
                .toList();
        if (!shortSkus.isEmpty()) {
            return List.of(new StockReservationFailed(command.orderId(), command.customerId(), shortSkus,
                    "not enough stock for " + shortSkus.size() + " of " + needed(command.lines()).size() + " sku(s)"));
        }
        return List.of(new StockReserved(command.orderId(), command.customerId(), command.total(), command.lines()));
    }

    /** Units wanted per SKU, in line order: an order may name a SKU on several lines. */
    private static Map<String, Long> needed(List<OrderLine> lines) {
        var needed = new LinkedHashMap<String, Long>();
        lines.forEach(line -> needed.merge(line.sku(), (long) line.quantity(), Long::sum));
        return needed;
    }

    @Override
    public Warehouse evolve(Warehouse state, InventoryEvent event) {
        return switch (event) {
            case StockAdded added -> {
                var before = state.stockOf(added.sku());
                yield new Warehouse(state.stock().with(added.sku(),
                        new Stock(before.available() + added.quantity(), before.reserved())), state.reservations());
            }
            case StockReserved reserved -> new Warehouse(moved(state, reserved.lines(), -1), state.reservations()
                    .with(reserved.orderId(), new Reservation(ReservationStatus.HELD, reserved.lines())));
            case StockReservationFailed failed -> new Warehouse(state.stock(), state.reservations()
                    .with(failed.orderId(), new Reservation(ReservationStatus.FAILED, List.of())));
            case StockReleased released -> new Warehouse(moved(state, released.lines(), +1), state.reservations()
                    .with(released.orderId(), new Reservation(ReservationStatus.RELEASED, released.lines())));
        };
    }

    /** Moves the lines' units from available to reserved ({@code direction} -1) or back (+1). */
    private static ById<Stock> moved(Warehouse state, List<OrderLine> lines, int direction) {
        var stock = state.stock();
        for (var line : lines) {
            var before = stock.find(line.sku()).orElse(Stock.NONE);
            long units = (long) direction * line.quantity();
            stock = stock.with(line.sku(), new Stock(before.available() + units, before.reserved() - units));
        }
        return stock;
    }
}
