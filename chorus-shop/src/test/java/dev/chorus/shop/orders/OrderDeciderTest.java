package dev.chorus.shop.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.shop.contracts.Conflict;
import dev.chorus.shop.contracts.CustomerEvent;
import dev.chorus.shop.contracts.InvalidValue;
import dev.chorus.shop.contracts.NotFound;
import dev.chorus.shop.contracts.OrderEvent;
import dev.chorus.shop.contracts.OrderEvent.OrderCancelled;
import dev.chorus.shop.contracts.OrderEvent.OrderConfirmed;
import dev.chorus.shop.contracts.OrderEvent.OrderPlaced;
import dev.chorus.shop.contracts.OrderEvent.OrderShipped;
import dev.chorus.shop.contracts.OrderLine;
import dev.chorus.shop.contracts.ShopCodecs;
import dev.chorus.shop.orders.OrderCommand.CancelOrder;
import dev.chorus.shop.orders.OrderCommand.ConfirmOrder;
import dev.chorus.shop.orders.OrderCommand.MarkShipped;
import dev.chorus.shop.orders.OrderCommand.PlaceOrder;
import dev.chorus.testkit.decider.DeciderSpec;
import dev.chorus.testkit.projection.ProjectionSpec;
import dev.chorus.testkit.property.Gen;
import dev.chorus.testkit.property.PropertyCheck;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OrderDeciderTest {
    private static final List<OrderLine> LINES = List.of(new OrderLine("a", 2, 150), new OrderLine("b", 1, 200));
    private static final OrderPlaced PLACED = new OrderPlaced("o-1", "c-1", "Ada", "ada@example.org", "London", LINES, 500);
    private static final OrderConfirmed CONFIRMED = new OrderConfirmed("o-1", "c-1", "Ada", "London", 500);

    private static DeciderSpec<OrderCommand, Order, OrderEvent> spec() {
        return DeciderSpec.of(new OrderDecider()).withCodec(ShopCodecs.ORDERS);
    }

    private static PlaceOrder place(List<OrderLine> lines) {
        return new PlaceOrder("o-1", "c-1", "Ada", "ada@example.org", "London", lines);
    }

    @Nested
    class Placing {
        @Test
        void an_order_is_placed_with_the_carried_customer_and_its_total() {
            spec().given().when(place(LINES)).then(PLACED);
        }

        @Test
        void an_order_id_is_used_once() {
            spec().given(PLACED).when(place(LINES)).thenThrows(Conflict.class);
        }

        @Test
        void lines_outside_the_bounds_are_refused() {
            spec().given().when(place(List.of())).thenThrows(InvalidValue.class);
            spec().given().when(place(List.of(new OrderLine("a", 0, 1)))).thenThrows(InvalidValue.class);
            spec().given().when(place(List.of(new OrderLine("a", 10_001, 1)))).thenThrows(InvalidValue.class);
            spec().given().when(place(List.of(new OrderLine("a", 1, -1)))).thenThrows(InvalidValue.class);
            spec().given().when(place(List.of(new OrderLine("a", 1, 1_000_000_001L)))).thenThrows(InvalidValue.class);
            spec().given().when(place(List.of(new OrderLine("", 1, 1)))).thenThrows(InvalidValue.class);
            spec().given().when(place(Collections.nCopies(101, new OrderLine("a", 1, 1))))
                    .thenThrows(InvalidValue.class, e -> assertThat(e.field()).isEqualTo("lines"));
        }

        @Test
        void the_largest_order_the_bounds_allow_totals_without_overflow() {
            var lines = Collections.nCopies(100, new OrderLine("a", 10_000, 1_000_000_000L));
            var events = spec().given().when(place(lines));
            events.then(new OrderPlaced("o-1", "c-1", "Ada", "ada@example.org", "London", lines,
                    1_000_000_000_000_000L));
        }

        @Test
        void any_order_within_the_bounds_totals_the_sum_of_its_lines() {
            var line = Gen.combine(Gen.ints(1, 10_000), Gen.longs(0, 1_000_000_000L),
                    (quantity, price) -> new OrderLine("sku", quantity, price));
            PropertyCheck.forAll(200, line.list(1, 100), lines -> {
                var placed = (OrderPlaced) new OrderDecider().decide(place(lines), new Order.NotPlaced()).getFirst();
                var expected = lines.stream().map(l -> java.math.BigInteger.valueOf(l.quantity())
                        .multiply(java.math.BigInteger.valueOf(l.unitPrice())))
                        .reduce(java.math.BigInteger.ZERO, java.math.BigInteger::add);
                assertThat(java.math.BigInteger.valueOf(placed.total())).isEqualTo(expected);
            });
        }
    }

    @Test
    void only_a_shipped_or_cancelled_order_is_over() {
        var decider = new OrderDecider();
        var placed = decider.fold(decider.initialState(), List.of(PLACED));
        var confirmed = decider.evolve(placed, CONFIRMED);

        assertThat(decider.isTerminal(decider.initialState())).isFalse();
        assertThat(decider.isTerminal(placed)).isFalse();
        assertThat(decider.isTerminal(confirmed)).isFalse();
        assertThat(decider.isTerminal(decider.evolve(confirmed, new OrderShipped("o-1", "s-1")))).isTrue();
        assertThat(decider.isTerminal(decider.evolve(placed, new OrderCancelled("o-1", "c-1", "no-stock")))).isTrue();
    }

    @Nested
    class Reacting {
        @Test
        void a_pending_order_is_confirmed_once() {
            spec().given(PLACED).when(new ConfirmOrder("o-1")).then(CONFIRMED);
            spec().given(PLACED, CONFIRMED).when(new ConfirmOrder("o-1")).thenNothing();
        }

        @Test
        void a_cancelled_order_is_not_confirmed() {
            spec().given(PLACED, new OrderCancelled("o-1", "c-1", "out-of-stock")).when(new ConfirmOrder("o-1"))
                    .thenNothing();
        }

        @Test
        void a_pending_or_confirmed_order_is_cancelled_once_with_its_reason() {
            spec().given(PLACED).when(new CancelOrder("o-1", "payment-failed")).then(
                    new OrderCancelled("o-1", "c-1", "payment-failed"));
            spec().given(PLACED, CONFIRMED).when(new CancelOrder("o-1", "customer-cancelled")).then(
                    new OrderCancelled("o-1", "c-1", "customer-cancelled"));
            spec().given(PLACED, new OrderCancelled("o-1", "c-1", "x")).when(new CancelOrder("o-1", "y")).thenNothing();
        }

        @Test
        void a_shipped_order_cannot_be_cancelled() {
            spec().given(PLACED, CONFIRMED, new OrderShipped("o-1", "s-1")).when(new CancelOrder("o-1", "late"))
                    .thenThrows(Conflict.class, e -> assertThat(e.reason()).isEqualTo("order-shipped"));
        }

        @Test
        void a_confirmed_order_is_marked_shipped_once() {
            spec().given(PLACED, CONFIRMED).when(new MarkShipped("o-1", "s-1")).then(new OrderShipped("o-1", "s-1"));
            spec().given(PLACED, CONFIRMED, new OrderShipped("o-1", "s-1")).when(new MarkShipped("o-1", "s-1"))
                    .thenNothing();
            spec().given(PLACED).when(new MarkShipped("o-1", "s-1")).thenNothing();
        }

        @Test
        void an_unknown_order_is_not_found() {
            spec().given().when(new ConfirmOrder("o-9")).thenThrows(NotFound.class);
        }

        @Test
        void the_state_carries_status_and_reason() {
            spec().given(PLACED, new OrderCancelled("o-1", "c-1", "out-of-stock")).thenState(new Order.Placed("o-1",
                    "c-1", "Ada", "London", LINES, 500, OrderStatus.CANCELLED, "out-of-stock"));
        }
    }

    @Nested
    class Views {
        @Test
        void the_customer_replica_follows_customer_facts_only() {
            ProjectionSpec.of(OrdersViews.customerReplica())
                    .given(new CustomerEvent.CustomerRegistered("c-1", "Ada", "ada@example.org", "London", 500),
                            new CustomerEvent.CustomerAddressChanged("c-1", "Paris"),
                            new CustomerEvent.CustomerAddressChanged("c-9", "Nowhere"))
                    .thenRows("customer/", OrdersViews.CUSTOMER_ROW,
                            Map.of("customer/c-1", new CustomerReplica("c-1", "Ada", "ada@example.org", "Paris")));
        }

        @Test
        void a_cancelled_order_shows_its_reason() {
            ProjectionSpec.of(OrdersViews.orders()).given().andIn("order-o-1", PLACED,
                    new OrderCancelled("o-1", "c-1", "out-of-stock: not enough")).thenRow("order/o-1",
                    OrdersViews.ORDER_ROW, new OrderView("o-1", "order-o-1", "c-1", OrderStatus.CANCELLED, 500, "London",
                            "out-of-stock: not enough"));
        }

        @Test
        void the_order_view_follows_the_status() {
            ProjectionSpec.of(OrdersViews.orders()).given().andIn("order-o-1", PLACED, CONFIRMED,
                    new OrderShipped("o-1", "s-1")).thenRow("order/o-1", OrdersViews.ORDER_ROW,
                    new OrderView("o-1", "order-o-1", "c-1", OrderStatus.SHIPPED, 500, "London", ""));
        }
    }
}
