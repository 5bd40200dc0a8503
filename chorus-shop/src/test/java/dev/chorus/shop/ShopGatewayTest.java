package dev.chorus.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.RecordedEvent;
import dev.chorus.core.projection.ProjectionRegistry;
import dev.chorus.core.projection.ProjectionStatus;
import dev.chorus.shop.contracts.Conflict;
import dev.chorus.shop.contracts.InvalidValue;
import dev.chorus.shop.contracts.NotFound;
import dev.chorus.shop.contracts.OrderLine;
import dev.chorus.shop.orders.OrderStatus;
import dev.chorus.shop.orders.OrderView;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The API gateway and the services, each on its own store, talking only through facts copied between stores. */
class ShopGatewayTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private NodesOnStores shop;

    @AfterEach
    void close() {
        if (shop != null) {
            shop.close();
        }
    }

    private ShopGateway all() {
        shop = new NodesOnStores(EnumSet.allOf(ShopRole.class), WAIT);
        return shop.gateway();
    }

    private static List<OrderLine> lines(String sku, int quantity, long unitPrice) {
        return List.of(new OrderLine(sku, quantity, unitPrice));
    }

    private static OrderView settled(ShopGateway gateway, String orderId, OrderStatus status) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Optional<OrderView> order = gateway.getOrder(orderId);
        while (order.isEmpty() || order.get().status() != status) {
            assertThat(System.nanoTime() - deadline).as("order %s reaches %s; it is %s", orderId, status, order)
                    .isNegative();
            Thread.sleep(5);
            order = gateway.getOrder(orderId);
        }
        return order.get();
    }

    @Test
    void each_role_registers_the_read_models_it_runs_and_the_services_together_those_of_the_demo() {
        var gateway = all();

        assertThat(gateway.readModels()).extracting(ProjectionStatus::projection)
                .containsExactlyInAnyOrderElementsOf(projectionsOf(ShopRole.API));
        var services = EnumSet.complementOf(EnumSet.of(ShopRole.API)).stream()
                .flatMap(role -> projectionsOf(role).stream()).toList();
        assertThat(services).containsExactlyInAnyOrderElementsOf(
                ShopServices.registerProjections(new ProjectionRegistry()).names());
    }

    private static List<String> projectionsOf(ShopRole role) {
        return role.registerProjections(new ProjectionRegistry()).names();
    }

    @Test
    void an_order_placed_through_the_gateway_is_reserved_paid_and_shipped_by_services_it_never_calls()
            throws Exception {
        var gateway = all();

        var customer = gateway.registerCustomer("Ada Lovelace", "ada@example.org", "12 Analytical Row", 1_000);
        gateway.addStock("sku-1", 5);
        var placed = gateway.placeOrder(customer.customerId(), lines("sku-1", 2, 100));

        assertThat(gateway.getCustomer(customer.customerId())).get()
                .extracting(c -> c.name()).isEqualTo("Ada Lovelace");
        assertThat(gateway.getOrder(placed.orderId())).as("read-your-writes: the order is there at once").isPresent();
        var shipped = settled(gateway, placed.orderId(), OrderStatus.SHIPPED);
        assertThat(shipped.total()).isEqualTo(200);
        assertThat(gateway.getStock("sku-1")).get().satisfies(stock -> {
            assertThat(stock.available()).isEqualTo(3);
            assertThat(stock.reserved()).isEqualTo(2);
        });
        assertThat(gateway.pendingRequests()).isZero();
    }

    @Test
    void a_payment_that_fails_cancels_the_order_and_releases_its_stock() throws Exception {
        var gateway = all();
        var customer = gateway.registerCustomer("Charles Babbage", "charles@example.org", "1 Dorset St", 50);
        gateway.addStock("sku-2", 4);

        var placed = gateway.placeOrder(customer.customerId(), lines("sku-2", 3, 100));

        var cancelled = settled(gateway, placed.orderId(), OrderStatus.CANCELLED);
        assertThat(cancelled.reason()).startsWith("payment-failed");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (gateway.getStock("sku-2").orElseThrow().available() != 4) {
            assertThat(System.nanoTime() - deadline).as("stock released").isNegative();
            Thread.sleep(5);
        }
        assertThat(gateway.getStock("sku-2")).get().extracting(s -> s.reserved()).isEqualTo(0L);
    }

    @Test
    void the_positions_returned_are_those_of_the_effects_in_the_gateways_own_log() {
        var gateway = all();

        var customer = gateway.registerCustomer("Ada", "ada@example.org", "12 Analytical Row", 10);
        long stocked = gateway.addStock("sku-3", 7);

        RecordedEvent registered = shop.node(ShopRole.API).events().readAll(customer.position(), 1).getFirst();
        assertThat(registered.type().name()).isEqualTo("shop.customers.CustomerRegistered");
        assertThat(registered.streamId()).isEqualTo("customer-" + customer.customerId());
        assertThat(shop.node(ShopRole.API).events().readAll(stocked, 1).getFirst().type().name())
                .isEqualTo("shop.inventory.StockAdded");
    }

    @Test
    void bad_input_is_refused_by_the_gateway_and_writes_nothing() {
        var gateway = all();
        var events = shop.node(ShopRole.API).events();
        long head = events.headPosition();

        assertThatThrownBy(() -> gateway.registerCustomer("Bob", "not-an-email", "x", 10))
                .isInstanceOf(InvalidValue.class);
        assertThatThrownBy(() -> gateway.addStock("sku", 0)).isInstanceOf(InvalidValue.class);
        assertThatThrownBy(() -> gateway.placeOrder("nobody", lines("sku", 1, 1))).isInstanceOf(NotFound.class);

        assertThat(events.headPosition()).isEqualTo(head);
    }

    @Test
    void a_refusal_by_the_owning_service_comes_back_as_its_typed_error() throws Exception {
        var gateway = all();
        var customer = gateway.registerCustomer("Ada", "ada@example.org", "12 Analytical Row", 1_000);
        gateway.addStock("sku-4", 1);
        var placed = gateway.placeOrder(customer.customerId(), lines("sku-4", 1, 10));
        settled(gateway, placed.orderId(), OrderStatus.SHIPPED);

        assertThatThrownBy(() -> gateway.cancelOrder(placed.orderId(), "changed my mind"))
                .isInstanceOf(Conflict.class);
        assertThatThrownBy(() -> gateway.changeAddress("no-such-customer", "Elsewhere"))
                .isInstanceOf(NotFound.class).hasMessageContaining("no-such-customer");
    }

    @Test
    void a_request_to_a_service_that_is_not_running_times_out_naming_the_service() {
        shop = new NodesOnStores(EnumSet.of(ShopRole.API, ShopRole.CUSTOMERS), Duration.ofMillis(300));
        var gateway = shop.gateway();

        assertThatThrownBy(() -> gateway.addStock("sku-5", 3)).isInstanceOf(RequestTimedOut.class)
                .hasMessageContaining("inventory");
        assertThat(gateway.pendingRequests()).isZero();
        // an order's request says which order it was about, so that a caller can look for it later
        assertThatThrownBy(() -> gateway.cancelOrder("order-7", "changed my mind"))
                .isInstanceOfSatisfying(RequestTimedOut.class, late -> {
                    assertThat(late.correlationId()).contains("order-7");
                    assertThat(late.getMessage()).contains("orders", "order-7");
                    assertThat(late.accepted()).as("accepted").isFalse();
                });
    }

    @Test
    void a_request_accepted_whose_effect_is_late_here_says_it_is_done_and_what_it_was_about() {
        var late = RequestTimedOut.notYetHere("r-1", "orders", Duration.ofSeconds(10), "order-7", "order-order-7");

        assertThat(late.accepted()).isTrue();
        assertThat(late.correlationId()).contains("order-7");
        assertThat(late.service()).isEqualTo("orders");
        assertThat(late.getMessage()).contains("orders service accepted request r-1 (for order-7)", "order-order-7",
                "it is done");
    }
}
