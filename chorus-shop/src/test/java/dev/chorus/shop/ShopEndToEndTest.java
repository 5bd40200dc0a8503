package dev.chorus.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.RecordedEvent;
import dev.chorus.core.projection.Projection;
import dev.chorus.core.projection.ProjectionConfig;
import dev.chorus.core.projection.ProjectionRegistry;
import dev.chorus.core.projection.ProjectionRunner;
import dev.chorus.core.state.Checkpoints;
import dev.chorus.core.state.StateWrite;
import dev.chorus.log.EmbeddedLog;
import dev.chorus.log.LogConfig;
import dev.chorus.log.state.EmbeddedStateStore;
import dev.chorus.log.state.StateStoreConfig;
import dev.chorus.shop.ShopConfig.ShopService;
import dev.chorus.shop.contracts.InvalidValue;
import dev.chorus.shop.contracts.NotFound;
import dev.chorus.shop.contracts.OrderEvent.OrderPlaced;
import dev.chorus.shop.contracts.OrderLine;
import dev.chorus.shop.contracts.ShopCodecs;
import dev.chorus.shop.inventory.StockView;
import dev.chorus.shop.orders.Order;
import dev.chorus.shop.orders.OrderStatus;
import dev.chorus.shop.orders.OrderView;
import dev.chorus.shop.orders.OrdersViews;
import dev.chorus.shop.payments.CreditView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The five services on the real embedded log and state store: every path of the choreography. */
class ShopEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Set<OrderStatus> SETTLED = EnumSet.of(OrderStatus.SHIPPED, OrderStatus.CANCELLED);

    @TempDir
    Path dir;

    private ShopServices shop;

    @AfterEach
    void close() {
        if (shop != null) {
            shop.close();
        }
    }

    private ShopServices open(Set<ShopService> services) {
        shop = ShopServices.start(ShopConfig.of(dir, c -> c.services = services));
        return shop;
    }

    private ShopServices open() {
        return open(EnumSet.allOf(ShopService.class));
    }

    private String customer(long creditLimit) {
        return shop.registerCustomer("Ada Lovelace", "ada@example.org", "12 Analytical Row, London", creditLimit)
                .customerId();
    }

    private static List<OrderLine> lines(String sku, int quantity, long unitPrice) {
        return List.of(new OrderLine(sku, quantity, unitPrice));
    }

    private List<RecordedEvent> conversation(String correlationId) {
        return shop.log().readAll(0, 100_000).stream()
                .filter(event -> event.correlationId().equals(correlationId)).toList();
    }

    private List<String> typesOf(String correlationId) {
        return conversation(correlationId).stream().map(event -> event.type().name()).toList();
    }

    /** Bounded: the saga's later steps run on other threads, so a test waits for the fact it expects. */
    private RecordedEvent awaitEvent(String correlationId, String type) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            var found = conversation(correlationId).stream().filter(e -> e.type().name().equals(type)).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no " + type + " in conversation " + correlationId + " within " + WAIT
                + "; saw " + typesOf(correlationId));
    }

    private OrderView settle(String orderId) throws InterruptedException {
        return shop.awaitOrder(orderId, SETTLED, WAIT);
    }

    @Nested
    class A_confirmed_order {
        @Test
        void is_reserved_authorized_confirmed_and_shipped_to_the_carried_address() throws Exception {
            open();
            String customerId = customer(10_000);
            shop.addStock("sku-a", 10);
            var placed = shop.placeOrder(customerId, lines("sku-a", 2, 1_000));

            var order = settle(placed.orderId());
            awaitEvent(placed.orderId(), "shop.orders.OrderShipped");

            assertThat(order).isEqualTo(new OrderView(placed.orderId(), "order-" + placed.orderId(), customerId,
                    OrderStatus.SHIPPED, 2_000, "12 Analytical Row, London", ""));
            assertThat(shop.getStock("sku-a")).contains(new StockView("sku-a", 8, 2));
            assertThat(shop.credit(customerId)).contains(new CreditView(customerId, 10_000, 2_000, 8_000));
            assertThat(shop.shipmentOf(placed.orderId())).hasValueSatisfying(shipment ->
                    assertThat(shipment.address()).isEqualTo("12 Analytical Row, London"));
            assertThat(typesOf(placed.orderId())).containsExactlyInAnyOrder("shop.orders.OrderPlaced",
                    "shop.inventory.StockReserved", "shop.payments.PaymentAuthorized", "shop.orders.OrderConfirmed",
                    "shop.shipping.ShipmentScheduled", "shop.orders.OrderShipped");
        }

        @Test
        void answers_with_the_position_of_its_order_placed_and_reads_its_own_write_at_once() throws Exception {
            open();
            String customerId = customer(10_000);
            var placed = shop.placeOrder(customerId, lines("sku-a", 1, 5));

            var event = shop.log().readAll(placed.position(), 1).getFirst();
            assertThat(event.type().name()).isEqualTo("shop.orders.OrderPlaced");
            assertThat(event.streamId()).isEqualTo("order-" + placed.orderId());
            assertThat(shop.getOrder(placed.orderId())).isPresent();
        }

        @Test
        void every_event_its_saga_causes_is_correlated_by_the_order_id_and_caused_by_an_earlier_one()
                throws Exception {
            open();
            String customerId = customer(10_000);
            shop.addStock("sku-a", 10);
            var placed = shop.placeOrder(customerId, lines("sku-a", 1, 100));
            settle(placed.orderId());
            awaitEvent(placed.orderId(), "shop.orders.OrderShipped");

            var events = conversation(placed.orderId());
            var root = events.getFirst();
            assertThat(root.type().name()).isEqualTo("shop.orders.OrderPlaced");
            Map<String, RecordedEvent> byId = new HashMap<>();
            events.forEach(event -> byId.put(event.eventId(), event));
            for (var event : events.subList(1, events.size())) {
                assertThat(byId).as("cause of %s", event.type().name()).containsKey(event.causationId());
                assertThat(byId.get(event.causationId()).position()).isLessThan(event.position());
            }
        }

        @Test
        void has_a_lineage_from_the_order_placed_to_its_shipment() throws Exception {
            open();
            String customerId = customer(10_000);
            shop.addStock("sku-a", 10);
            var placed = shop.placeOrder(customerId, lines("sku-a", 1, 100));
            settle(placed.orderId());
            var shipped = awaitEvent(placed.orderId(), "shop.orders.OrderShipped");
            // the lineage index counts positions like a checkpoint: the next one to index
            assertThat(shop.lineage().awaitPosition(shipped.position() + 1, WAIT)).isTrue();

            var graph = shop.lineage().graph(placed.orderId());
            assertThat(graph.nodes()).extracting(node -> node.type().name()).containsExactly(
                    "shop.orders.OrderPlaced", "shop.inventory.StockReserved", "shop.payments.PaymentAuthorized",
                    "shop.orders.OrderConfirmed", "shop.shipping.ShipmentScheduled", "shop.orders.OrderShipped");
            assertThat(graph.edges()).hasSize(5);
            assertThat(graph.chainTo(shipped.eventId())).hasSize(6);
        }

        @Test
        void can_be_seen_as_it_was_when_placed_through_time_travel() throws Exception {
            open();
            String customerId = customer(10_000);
            shop.addStock("sku-a", 10);
            var placed = shop.placeOrder(customerId, lines("sku-a", 1, 100));
            settle(placed.orderId());

            var then = shop.stateAt("order-" + placed.orderId(), placed.position()).orElseThrow();
            assertThat(((Order.Placed) then.state()).status()).isEqualTo(OrderStatus.PENDING);
            var now = shop.stateAt("order-" + placed.orderId(), shop.log().headPosition()).orElseThrow();
            assertThat(((Order.Placed) now.state()).status()).isIn(OrderStatus.CONFIRMED, OrderStatus.SHIPPED);
            assertThat(shop.stateAt("nobody-owns-this", 0)).isEmpty();
        }
    }

    @Nested
    class A_payment_failure {
        @Test
        void cancels_the_order_and_releases_its_stock() throws Exception {
            open();
            String customerId = customer(1_000);
            shop.addStock("sku-a", 10);
            shop.addStock("sku-b", 5);
            var placed = shop.placeOrder(customerId, List.of(new OrderLine("sku-a", 3, 1_000),
                    new OrderLine("sku-b", 1, 10)));

            var order = settle(placed.orderId());
            awaitEvent(placed.orderId(), "shop.inventory.StockReleased");

            assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
            assertThat(order.reason()).startsWith("payment-failed").contains("insufficient-credit");
            assertThat(shop.getStock("sku-a")).contains(new StockView("sku-a", 10, 0));
            assertThat(shop.getStock("sku-b")).contains(new StockView("sku-b", 5, 0));
            assertThat(shop.credit(customerId)).contains(new CreditView(customerId, 1_000, 0, 1_000));
            assertThat(typesOf(placed.orderId())).containsExactlyInAnyOrder("shop.orders.OrderPlaced",
                    "shop.inventory.StockReserved", "shop.payments.PaymentFailed", "shop.orders.OrderCancelled",
                    "shop.inventory.StockReleased");
        }
    }

    @Nested
    class An_order_beyond_the_stock {
        @Test
        void is_cancelled_with_nothing_reserved_and_nothing_charged() throws Exception {
            open();
            String customerId = customer(1_000_000);
            awaitEvent(customerId, "shop.payments.CreditAccountOpened");
            shop.addStock("sku-a", 10);
            shop.addStock("sku-b", 1);
            var placed = shop.placeOrder(customerId, List.of(new OrderLine("sku-a", 2, 10),
                    new OrderLine("sku-b", 2, 10)));

            var order = settle(placed.orderId());

            assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
            assertThat(order.reason()).startsWith("out-of-stock");
            assertThat(shop.getStock("sku-a")).contains(new StockView("sku-a", 10, 0));
            assertThat(shop.getStock("sku-b")).contains(new StockView("sku-b", 1, 0));
            assertThat(typesOf(placed.orderId())).contains("shop.inventory.StockReservationFailed")
                    .doesNotContain("shop.inventory.StockReserved", "shop.payments.PaymentAuthorized",
                            "shop.inventory.StockReleased");
            assertThat(shop.credit(customerId).orElseThrow().authorized()).isZero();
        }
    }

    @Nested
    class Concurrent_orders {
        @Test
        void never_reserve_more_than_the_stock_and_every_one_settles() throws Exception {
            open();
            String customerId = customer(1_000_000);
            shop.addStock("sku-a", 10);
            var placed = new CopyOnWriteArrayList<String>();
            try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 25; i++) {
                    clients.submit(() -> placed.add(shop.placeOrder(customerId, lines("sku-a", 1, 10)).orderId()));
                }
            }
            assertThat(placed).hasSize(25);

            var statuses = new ArrayList<OrderStatus>();
            for (var orderId : placed) {
                statuses.add(settle(orderId).status());
            }
            assertThat(statuses).filteredOn(OrderStatus.SHIPPED::equals).hasSize(10);
            assertThat(statuses).filteredOn(OrderStatus.CANCELLED::equals).hasSize(15);
            assertThat(shop.getStock("sku-a")).contains(new StockView("sku-a", 0, 10));
            assertThat(shop.credit(customerId).orElseThrow().authorized()).isEqualTo(100);
        }
    }

    @Nested
    class A_burst_of_orders {
        /** The reactions queue their appends: a page of orders shares fsyncs, and none may be lost or doubled. */
        @Test
        void from_sixteen_clients_all_ship_each_with_one_of_every_fact() throws Exception {
            open();
            var customers = new ArrayList<String>();
            for (int c = 0; c < 8; c++) {
                customers.add(customer(100_000_000));
            }
            shop.addStock("sku-a", 10_000);
            shop.addStock("sku-b", 10_000);
            var placed = new CopyOnWriteArrayList<String>();
            try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int client = 0; client < 16; client++) {
                    int first = client;
                    clients.submit(() -> {
                        for (int i = first; i < 1_600; i += 16) {
                            placed.add(shop.placeOrder(customers.get(i % customers.size()),
                                    lines(i % 2 == 0 ? "sku-a" : "sku-b", 1 + i % 3, 10)).orderId());
                        }
                        return null;
                    });
                }
            }
            assertThat(placed).hasSize(1_600);

            var notShipped = new ArrayList<String>();
            for (var orderId : placed) {
                if (settle(orderId).status() != OrderStatus.SHIPPED) {
                    notShipped.add(orderId + " " + typesOf(orderId));
                }
            }
            assertThat(notShipped).isEmpty();
            var perType = shop.log().readAll(0, 100_000).stream()
                    .collect(java.util.stream.Collectors.groupingBy(e -> e.type().name(),
                            java.util.stream.Collectors.counting()));
            assertThat(perType).containsEntry("shop.inventory.StockReserved", 1_600L)
                    .containsEntry("shop.payments.PaymentAuthorized", 1_600L)
                    .containsEntry("shop.orders.OrderConfirmed", 1_600L)
                    .containsEntry("shop.shipping.ShipmentScheduled", 1_600L)
                    .containsEntry("shop.orders.OrderShipped", 1_600L);
        }
    }

    @Nested
    class Event_carried_state {
        @Test
        void an_order_carries_the_replicas_customer_and_keeps_it_when_the_address_changes_later()
                throws Exception {
            open();
            String customerId = customer(10_000);
            shop.addStock("sku-a", 10);
            var first = shop.placeOrder(customerId, lines("sku-a", 1, 100));
            settle(first.orderId());
            shop.changeAddress(customerId, "1 New Street, Cambridge");
            var second = shop.placeOrder(customerId, lines("sku-a", 1, 100));
            settle(second.orderId());

            var placed = (OrderPlaced) ShopCodecs.ALL.decode(shop.log().readAll(first.position(), 1).getFirst());
            assertThat(placed.customerName()).isEqualTo("Ada Lovelace");
            assertThat(placed.customerEmail()).isEqualTo("ada@example.org");
            assertThat(placed.shippingAddress()).isEqualTo("12 Analytical Row, London");
            assertThat(shop.getOrder(first.orderId()).orElseThrow().shippingAddress())
                    .isEqualTo("12 Analytical Row, London");
            assertThat(shop.getOrder(second.orderId()).orElseThrow().shippingAddress())
                    .isEqualTo("1 New Street, Cambridge");
            assertThat(shop.getCustomer(customerId).orElseThrow().address()).isEqualTo("1 New Street, Cambridge");
        }

        @Test
        void an_order_for_a_customer_the_replica_does_not_know_is_refused_and_writes_nothing() {
            open();
            long head = shop.log().headPosition();

            assertThatThrownBy(() -> shop.placeOrder("no-such-customer", lines("sku-a", 1, 100)))
                    .isInstanceOfSatisfying(NotFound.class, e -> assertThat(e.kind()).isEqualTo("customer"));
            assertThat(shop.log().headPosition()).isEqualTo(head);
        }
    }

    @Nested
    class Bad_input {
        @Test
        void out_of_bounds_lines_and_customers_are_refused_and_write_nothing() throws Exception {
            open();
            String customerId = customer(10_000);
            awaitEvent(customerId, "shop.payments.CreditAccountOpened");
            long head = shop.log().headPosition();

            assertThatThrownBy(() -> shop.placeOrder(customerId, lines("sku-a", 0, 100)))
                    .isInstanceOf(InvalidValue.class);
            assertThatThrownBy(() -> shop.placeOrder(customerId, lines("sku-a", 10_001, 100)))
                    .isInstanceOf(InvalidValue.class);
            assertThatThrownBy(() -> shop.placeOrder(customerId, lines("sku-a", 1, -1)))
                    .isInstanceOf(InvalidValue.class);
            assertThatThrownBy(() -> shop.placeOrder(customerId, List.of())).isInstanceOf(InvalidValue.class);
            assertThatThrownBy(() -> shop.registerCustomer("Bob", "not-an-email", "x", 10))
                    .isInstanceOf(InvalidValue.class);
            assertThatThrownBy(() -> shop.registerCustomer("Bob", "b@x.org", "x", -1))
                    .isInstanceOf(InvalidValue.class);
            assertThatThrownBy(() -> shop.addStock("sku-a", 0)).isInstanceOf(InvalidValue.class);
            assertThatThrownBy(() -> shop.changeAddress("no-such-customer", "x")).isInstanceOf(NotFound.class);
            assertThatThrownBy(() -> shop.addStock("sku\u0001", 1)).isInstanceOf(InvalidValue.class);
            assertThatThrownBy(() -> shop.addStock("sku/a", 1)).isInstanceOf(InvalidValue.class);
            assertThatThrownBy(() -> shop.placeOrder(customerId, lines("\ud800", 1, 1))).isInstanceOf(InvalidValue.class);
            assertThatThrownBy(() -> shop.registerCustomer("Bob\u0000", "b@x.org", "x", 1)).isInstanceOf(InvalidValue.class);
            assertThatThrownBy(() -> shop.registerCustomer("Bob", "b@x.org", "x\udc00", 1)).isInstanceOf(InvalidValue.class);
            assertThatThrownBy(() -> shop.getOrder("")).isInstanceOf(InvalidValue.class);
            assertThatThrownBy(() -> shop.cancelOrder("x".repeat(101), "why")).isInstanceOf(InvalidValue.class);
            assertThat(shop.log().headPosition()).isEqualTo(head);
        }
    }

    @Nested
    class Credit {
        @Test
        void authorized_orders_reduce_the_available_credit_and_cancelled_ones_give_it_back() throws Exception {
            // without shipping, a confirmed order stays cancellable: the test decides when it is cancelled
            open(EnumSet.complementOf(EnumSet.of(ShopService.SHIPPING)));
            String customerId = customer(10_000);
            shop.addStock("sku-a", 100);
            Set<OrderStatus> decided = EnumSet.of(OrderStatus.CONFIRMED, OrderStatus.CANCELLED);

            var first = shop.placeOrder(customerId, lines("sku-a", 6, 1_000));
            assertThat(shop.awaitOrder(first.orderId(), decided, WAIT).status()).isEqualTo(OrderStatus.CONFIRMED);
            assertThat(shop.credit(customerId).orElseThrow().available()).isEqualTo(4_000);

            var second = shop.placeOrder(customerId, lines("sku-a", 5, 1_000));
            assertThat(shop.awaitOrder(second.orderId(), decided, WAIT).reason()).contains("insufficient-credit");

            shop.cancelOrder(first.orderId(), "customer-cancelled");
            awaitEvent(first.orderId(), "shop.payments.CreditReleased");
            awaitEvent(first.orderId(), "shop.inventory.StockReleased");
            assertThat(shop.credit(customerId)).contains(new CreditView(customerId, 10_000, 0, 10_000));

            var third = shop.placeOrder(customerId, lines("sku-a", 5, 1_000));
            assertThat(shop.awaitOrder(third.orderId(), decided, WAIT).status()).isEqualTo(OrderStatus.CONFIRMED);
            assertThat(shop.credit(customerId).orElseThrow().available()).isEqualTo(5_000);
            assertThat(shop.getStock("sku-a")).contains(new StockView("sku-a", 95, 5));
        }
    }

    @Nested
    class A_restart {
        @Test
        void continues_where_it_stopped_without_repeating_any_effect() throws Exception {
            open();
            String customerId = customer(10_000);
            shop.addStock("sku-a", 10);
            var first = shop.placeOrder(customerId, lines("sku-a", 1, 100));
            settle(first.orderId());
            awaitEvent(first.orderId(), "shop.orders.OrderShipped");
            var before = countByType();
            shop.close();
            shop = null;

            open();
            assertThat(shop.getOrder(first.orderId()).orElseThrow().status()).isEqualTo(OrderStatus.SHIPPED);
            var second = shop.placeOrder(customerId, lines("sku-a", 2, 100));
            assertThat(settle(second.orderId()).status()).isIn(OrderStatus.SHIPPED);
            awaitEvent(second.orderId(), "shop.orders.OrderShipped");

            assertThat(typesOf(first.orderId())).hasSize(6);
            assertThat(typesOf(second.orderId())).hasSize(6);
            var after = countByType();
            after.forEach((type, count) -> {
                if (!type.equals("shop.customers.CustomerRegistered") && !type.equals("shop.inventory.StockAdded")
                        && !type.equals("shop.payments.CreditAccountOpened")) {
                    assertThat(count).as(type).isEqualTo(before.get(type) + 1);
                }
            });
            assertThat(after.get("shop.payments.CreditAccountOpened")).isEqualTo(1);
            assertThat(shop.getStock("sku-a")).contains(new StockView("sku-a", 7, 3));
            assertThat(shop.credit(customerId).orElseThrow().authorized()).isEqualTo(300);
        }

        @Test
        void a_directory_from_before_the_shipments_handler_ships_new_orders_without_handling_old_shipments_again()
                throws Exception {
            open();
            String customerId = customer(10_000);
            shop.addStock("sku-a", 10);
            var first = shop.placeOrder(customerId, lines("sku-a", 1, 100));
            awaitEvent(first.orderId(), "shop.orders.OrderShipped");
            shop.close();
            shop = null;
            // as the version before it left the directory: no trace of orders.shipments, and orders.reactions past
            // the shipment it handled
            try (var state = EmbeddedStateStore.open(StateStoreConfig.besideLog(dir))) {
                long shippedThrough = Checkpoints.load(state, "handler/orders.shipments");
                state.commit(List.of(StateWrite.deletePrefix("handler/orders.shipments/"),
                        StateWrite.delete(Checkpoints.key("handler/orders.shipments")),
                        Checkpoints.save("handler/orders.reactions", shippedThrough)));
            }

            open();
            var second = shop.placeOrder(customerId, lines("sku-a", 1, 100));
            awaitEvent(second.orderId(), "shop.orders.OrderShipped");
            shop.close();
            shop = null;

            try (var state = EmbeddedStateStore.open(StateStoreConfig.besideLog(dir))) {
                assertThat(state.scan("handler/orders.shipments/processed/", "", 100))
                        .as("shipments handled since the upgrade").hasSize(1);
            }
        }

        @Test
        void a_service_that_was_down_handles_the_facts_it_missed_when_it_starts() throws Exception {
            open(EnumSet.complementOf(EnumSet.of(ShopService.PAYMENTS)));
            String customerId = customer(10_000);
            shop.addStock("sku-a", 10);
            var placed = shop.placeOrder(customerId, lines("sku-a", 1, 100));
            awaitEvent(placed.orderId(), "shop.inventory.StockReserved");
            assertThat(shop.getOrder(placed.orderId()).orElseThrow().status()).isEqualTo(OrderStatus.PENDING);
            shop.close();
            shop = null;

            open();

            assertThat(settle(placed.orderId()).status()).isEqualTo(OrderStatus.SHIPPED);
            assertThat(shop.credit(customerId).orElseThrow().authorized()).isEqualTo(100);
        }

        @Test
        void facts_delivered_again_from_the_start_cause_nothing_new() throws Exception {
            open();
            String customerId = customer(1_000);
            shop.addStock("sku-a", 10);
            var shipped = shop.placeOrder(customerId, lines("sku-a", 1, 100));
            var refused = shop.placeOrder(customerId, lines("sku-a", 2, 1_000));
            var missing = shop.placeOrder(customerId, lines("sku-b", 1, 1));
            settle(shipped.orderId());
            awaitEvent(shipped.orderId(), "shop.orders.OrderShipped");
            settle(refused.orderId());
            awaitEvent(refused.orderId(), "shop.inventory.StockReleased");
            settle(missing.orderId());
            awaitEvent(missing.orderId(), "shop.payments.CreditReleased");
            var before = countByType();
            shop.close();
            shop = null;

            // forget what every reaction has handled and processed: each fact is delivered again, from the start
            try (var state = EmbeddedStateStore.open(StateStoreConfig.besideLog(dir))) {
                state.commit(List.of(StateWrite.deletePrefix("checkpoint/handler/"),
                        StateWrite.deletePrefix("handler/")));
            }
            open();
            var marker = shop.placeOrder(customerId, lines("sku-a", 1, 1));
            settle(marker.orderId());
            awaitEvent(marker.orderId(), "shop.orders.OrderShipped");

            var after = countByType();
            before.forEach((type, count) -> assertThat(after.get(type) - count).as(type)
                    .isEqualTo(typesOf(marker.orderId()).stream().filter(type::equals).count()));
            assertThat(shop.getStock("sku-a")).contains(new StockView("sku-a", 8, 2));
        }

        /**
         * A crash before a reaction commits its batch leaves the batch's effects in the log but neither its processed
         * ids nor its checkpoint: every fact of the batch comes again, and the deciders must answer each with nothing.
         */
        @Test
        void a_batch_of_orders_in_flight_delivered_again_after_a_crash_before_its_commit_causes_nothing_new()
                throws Exception {
            open();
            String rich = customer(1_000_000);
            String poor = customer(25);
            shop.addStock("sku-a", 12);
            shop.addStock("sku-b", 10);
            shop.addStock("sku-c", 1);
            long crashedBatchStart = shop.log().headPosition();
            var placed = new CopyOnWriteArrayList<String>();
            try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 15; i++) {
                    clients.submit(() -> placed.add(shop.placeOrder(rich, lines("sku-a", 1, 10)).orderId()));
                }
                for (int i = 0; i < 5; i++) {
                    clients.submit(() -> placed.add(shop.placeOrder(poor, lines("sku-b", 1, 10)).orderId()));
                }
            }
            assertThat(placed).hasSize(20);
            for (var orderId : placed) {
                awaitLastFact(orderId);
            }
            var outcomes = placed.stream().collect(Collectors.groupingBy(this::outcome, Collectors.counting()));
            assertThat(outcomes).isEqualTo(Map.of("shipped", 14L, "out-of-stock", 3L, "payment-failed", 3L));
            var before = countByType();
            var stockBefore = List.of(shop.getStock("sku-a").orElseThrow(), shop.getStock("sku-b").orElseThrow());
            var creditBefore = List.of(shop.credit(rich).orElseThrow(), shop.credit(poor).orElseThrow());
            shop.close();
            shop = null;

            try (var state = EmbeddedStateStore.open(StateStoreConfig.besideLog(dir))) {
                var crash = new ArrayList<StateWrite>();
                crash.add(StateWrite.deletePrefix("handler/"));
                for (var reactions : List.of("inventory.reactions", "payments.reactions", "orders.reactions",
                        "orders.shipments", "shipping.reactions")) {
                    assertThat(Checkpoints.load(state, "handler/" + reactions))
                            .isGreaterThan(crashedBatchStart);
                    crash.add(Checkpoints.save("handler/" + reactions, crashedBatchStart));
                }
                state.commit(crash);
            }
            open();
            var marker = shop.placeOrder(rich, lines("sku-c", 1, 1));
            awaitEvent(marker.orderId(), "shop.orders.OrderShipped");

            var after = countByType();
            after.forEach((type, count) -> assertThat(count - before.getOrDefault(type, 0L)).as(type)
                    .isEqualTo(typesOf(marker.orderId()).stream().filter(type::equals).count()));
            assertThat(List.of(shop.getStock("sku-a").orElseThrow(), shop.getStock("sku-b").orElseThrow()))
                    .isEqualTo(stockBefore);
            assertThat(shop.credit(rich).orElseThrow().authorized())
                    .isEqualTo(creditBefore.getFirst().authorized() + 1);
            assertThat(shop.credit(poor).orElseThrow()).isEqualTo(creditBefore.getLast());
        }

        private String outcome(String orderId) {
            var types = typesOf(orderId);
            return types.contains("shop.orders.OrderShipped") ? "shipped"
                    : types.contains("shop.inventory.StockReservationFailed") ? "out-of-stock"
                    : types.contains("shop.payments.PaymentFailed") ? "payment-failed" : "unsettled " + types;
        }

        /** The fact that ends the order's saga, whichever way it went. */
        private void awaitLastFact(String orderId) throws InterruptedException {
            var status = settle(orderId).status();
            if (status == OrderStatus.SHIPPED) {
                awaitEvent(orderId, "shop.orders.OrderShipped");
            } else if (typesOf(orderId).contains("shop.inventory.StockReservationFailed")) {
                awaitEvent(orderId, "shop.payments.CreditReleased");
            } else {
                awaitEvent(orderId, "shop.inventory.StockReleased");
            }
        }

        @Test
        void a_registered_projection_rebuilt_on_the_stopped_shop_gives_the_same_rows() throws Exception {
            open();
            String customerId = customer(10_000);
            shop.addStock("sku-a", 10);
            var placed = shop.placeOrder(customerId, lines("sku-a", 1, 100));
            settle(placed.orderId());
            var live = shop.getOrder(placed.orderId()).orElseThrow();
            shop.close();
            shop = null;

            var registry = ShopServices.registerProjections(new ProjectionRegistry());
            assertThat(registry.names()).containsExactly("customers.view", "orders.customer-replica", "orders.view",
                    "inventory.view", "payments.credit", "shipping.view");
            try (var log = EmbeddedLog.open(LogConfig.of(dir, c -> { }));
                 var state = EmbeddedStateStore.open(StateStoreConfig.besideLog(dir))) {
                @SuppressWarnings("unchecked")
                var orders = (Projection<Object>) registry.find("orders.view").orElseThrow();
                var runner = ProjectionRunner.create(log, state, orders,
                        ProjectionConfig.DEFAULT);
                runner.rebuild(progress -> { });
                assertThat(runner.view().get("order/" + placed.orderId(), OrdersViews.ORDER_ROW))
                        .contains(live);
            }
        }

        private Map<String, Long> countByType() {
            return shop.log().readAll(0, 100_000).stream()
                    .collect(Collectors.groupingBy(event -> event.type().name(), Collectors.counting()));
        }
    }
}
