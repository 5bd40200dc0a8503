package dev.chorus.shop.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.shop.contracts.InvalidValue;
import dev.chorus.shop.contracts.InventoryEvent;
import dev.chorus.shop.contracts.InventoryEvent.StockAdded;
import dev.chorus.shop.contracts.InventoryEvent.StockReleased;
import dev.chorus.shop.contracts.InventoryEvent.StockReservationFailed;
import dev.chorus.shop.contracts.InventoryEvent.StockReserved;
import dev.chorus.shop.contracts.OrderLine;
import dev.chorus.shop.contracts.ShopCodecs;
import dev.chorus.shop.inventory.InventoryCommand.AddStock;
import dev.chorus.shop.inventory.InventoryCommand.ReleaseStock;
import dev.chorus.shop.inventory.InventoryCommand.ReserveStock;
import dev.chorus.testkit.decider.DeciderSpec;
import dev.chorus.testkit.projection.ProjectionSpec;
import dev.chorus.testkit.property.Gen;
import dev.chorus.testkit.property.PropertyCheck;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class WarehouseDeciderTest {
    private static final List<OrderLine> LINES = List.of(new OrderLine("a", 2, 10), new OrderLine("b", 1, 10));
    private static final StockReserved RESERVED = new StockReserved("o-1", "c-1", 30, LINES);

    private static DeciderSpec<InventoryCommand, Warehouse, InventoryEvent> spec() {
        return DeciderSpec.of(new WarehouseDecider()).withCodec(ShopCodecs.INVENTORY);
    }

    @Nested
    class Adding_stock {
        @Test
        void stock_is_added() {
            spec().given().when(new AddStock("a", 5)).then(new StockAdded("a", 5));
        }

        @Test
        void quantities_outside_one_to_ten_thousand_and_blank_skus_are_refused() {
            spec().given().when(new AddStock("a", 0)).thenThrows(InvalidValue.class);
            spec().given().when(new AddStock("a", -3)).thenThrows(InvalidValue.class);
            spec().given().when(new AddStock("a", 10_001)).thenThrows(InvalidValue.class);
            spec().given().when(new AddStock(" ", 1)).thenThrows(InvalidValue.class);
        }

        @Test
        void a_sku_holds_at_most_a_billion_units() {
            var full = new ArrayList<InventoryEvent>();
            for (int i = 0; i < 100_000; i++) {
                full.add(new StockAdded("a", 10_000));
            }
            spec().given(full).when(new AddStock("a", 1)).thenThrows(InvalidValue.class,
                    e -> assertThat(e.field()).isEqualTo("quantity"));
        }
    }

    @Nested
    class Reserving {
        @Test
        void every_line_is_reserved_when_all_are_in_stock() {
            spec().given(new StockAdded("a", 2), new StockAdded("b", 1))
                    .when(new ReserveStock("o-1", "c-1", 30, LINES)).then(RESERVED);
        }

        @Test
        void nothing_is_reserved_when_any_line_lacks_stock() {
            spec().given(new StockAdded("a", 5))
                    .when(new ReserveStock("o-1", "c-1", 30, LINES))
                    .then(new StockReservationFailed("o-1", "c-1", List.of("b"), "not enough stock for 1 of 2 sku(s)"));
        }

        @Test
        void lines_of_the_same_sku_count_together() {
            var twice = List.of(new OrderLine("a", 2, 1), new OrderLine("a", 2, 1));
            spec().given(new StockAdded("a", 3)).when(new ReserveStock("o-1", "c-1", 4, twice))
                    .then(new StockReservationFailed("o-1", "c-1", List.of("a"), "not enough stock for 1 of 1 sku(s)"));
        }

        @Test
        void an_order_is_answered_once() {
            spec().given(new StockAdded("a", 9), new StockAdded("b", 9), RESERVED)
                    .when(new ReserveStock("o-1", "c-1", 30, LINES)).thenNothing();
        }

        @Test
        void the_state_moves_reserved_units_out_of_available() {
            var state = spec().given(new StockAdded("a", 5), new StockAdded("b", 1), RESERVED).state();
            assertThat(state.stockOf("a")).isEqualTo(new Warehouse.Stock(3, 2));
            assertThat(state.stockOf("b")).isEqualTo(new Warehouse.Stock(0, 1));
        }
    }

    @Nested
    class Releasing {
        @Test
        void a_held_reservation_is_released_once() {
            spec().given(new StockAdded("a", 2), new StockAdded("b", 1), RESERVED)
                    .when(new ReleaseStock("o-1")).then(new StockReleased("o-1", LINES));
            spec().given(new StockAdded("a", 2), new StockAdded("b", 1), RESERVED, new StockReleased("o-1", LINES))
                    .when(new ReleaseStock("o-1")).thenNothing();
        }

        @Test
        void a_failed_or_unknown_reservation_releases_nothing() {
            spec().given(new StockReservationFailed("o-1", "c-1", List.of("a"), "x")).when(new ReleaseStock("o-1"))
                    .thenNothing();
            spec().given().when(new ReleaseStock("o-9")).thenNothing();
        }

        @Test
        void reserving_then_releasing_any_order_gives_the_stock_back() {
            var decider = new WarehouseDecider();
            PropertyCheck.forAll(200, Gen.combine(Gen.ints(1, 10_000), Gen.ints(1, 10_000), (stock, want) ->
                    List.of(stock, want)), sample -> {
                var state = decider.evolve(decider.initialState(), new StockAdded("a", sample.get(0)));
                var before = state;
                for (var event : decider.decide(new ReserveStock("o", "c", 0,
                        List.of(new OrderLine("a", sample.get(1), 0))), state)) {
                    state = decider.evolve(state, event);
                }
                for (var event : decider.decide(new ReleaseStock("o"), state)) {
                    state = decider.evolve(state, event);
                }
                assertThat(state.stockOf("a")).isEqualTo(before.stockOf("a"));
            });
        }
    }

    @Test
    void the_view_shows_available_and_reserved_units() {
        ProjectionSpec.of(InventoryView.projection())
                .given(new StockAdded("a", 5), new StockAdded("b", 1), RESERVED, new StockAdded("a", 1))
                .thenRow("stock/a", InventoryView.ROW, new StockView("a", 4, 2));
        ProjectionSpec.of(InventoryView.projection())
                .given(new StockAdded("a", 5), new StockAdded("b", 1), RESERVED, new StockReleased("o-1", LINES))
                .thenRow("stock/b", InventoryView.ROW, new StockView("b", 1, 0));
    }
}
