package dev.chorus.server.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.server.HttpApi;
import dev.chorus.server.ServerConfig;
import dev.chorus.shop.ShopConfig;
import dev.chorus.shop.ShopServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The saga's failure paths and event-carried state, seen only through the HTTP API of a real server on a free port
 * (the happy path is in {@link ShopApiTest}). The saga runs on its own threads, so every wait for it is a poll with
 * a deadline; reads after a write need no wait (read-your-writes).
 */
class ShopSagaApiTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration SAGA_DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    ShopServices shop;
    HttpApi api;
    HttpClient client;

    record Answer(int status, String text) {
        JsonNode json() {
            return JSON.readTree(text);
        }
    }

    /** One event of a conversation as {@code GET /api/events} shows it, with its type's short name. */
    record Event(long position, String eventId, String fact, String correlationId, JsonNode data) {}

    @BeforeEach
    void start() {
        shop = ShopServices.start(ShopConfig.of(dir));
        api = ShopApi.start(shop, ServerConfig.of(c -> c.port = 0));
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterEach
    void stop() {
        client.close();
        api.close();
        shop.close();
    }

    @Nested
    class PaymentFailure {
        @Test
        void given_a_credit_limit_below_the_total_when_ordered_then_cancelled_with_a_reason_and_the_stock_released() {
            String customerId = customer("Ada", "1 Analytical Row", 1_000);
            addStock("sku-1", 10);
            var before = stock("sku-1");

            String orderId = placeOrder(customerId, "sku-1", 2, 1_500); // 3,000 cents > 1,000 of credit
            var order = awaitStatus(orderId, Set.of("CANCELLED"));
            awaitFact(orderId, "StockReleased");
            awaitEveryServicePastTheHead();
            var events = conversation(orderId);

            assertThat(order.get("reason").asString()).contains("payment-failed").contains("insufficient-credit");
            assertThat(before.get("available").asLong()).isEqualTo(10);
            var after = stock("sku-1");
            assertThat(after.get("available").asLong()).as("available back where it was").isEqualTo(10);
            assertThat(after.get("reserved").asLong()).as("nothing held for a cancelled order").isZero();
            assertThat(facts(events)).containsSubsequence("OrderPlaced", "StockReserved", "PaymentFailed",
                    "OrderCancelled");
            assertThat(facts(events)).containsSubsequence("PaymentFailed", "StockReleased")
                    .doesNotContain("PaymentAuthorized", "OrderConfirmed", "ShipmentScheduled");
            assertThat(facts(events).stream().filter("StockReleased"::equals)).as("compensated once").hasSize(1);
            assertThat(events).allSatisfy(event -> assertThat(event.correlationId()).isEqualTo(orderId));
            assertThat(released(events)).isEqualTo(2);
        }
    }

    @Nested
    class OutOfStock {
        @Test
        void given_less_stock_than_ordered_when_ordered_then_cancelled_for_stock_and_nothing_reserved() {
            String customerId = customer("Ada", "1 Analytical Row", 100_000);
            addStock("sku-1", 1);

            String orderId = placeOrder(customerId, "sku-1", 2, 1_500);
            var order = awaitStatus(orderId, Set.of("CANCELLED"));
            awaitEveryServicePastTheHead();
            var events = conversation(orderId);

            assertThat(order.get("reason").asString()).contains("out-of-stock").contains("stock");
            var after = stock("sku-1");
            assertThat(after.get("available").asLong()).isEqualTo(1);
            assertThat(after.get("reserved").asLong()).isZero();
            assertThat(facts(events)).containsSubsequence("OrderPlaced", "StockReservationFailed", "OrderCancelled")
                    .doesNotContain("StockReserved", "StockReleased", "PaymentAuthorized", "PaymentFailed",
                            "OrderConfirmed", "ShipmentScheduled");
            assertThat(events).allSatisfy(event -> assertThat(event.correlationId()).isEqualTo(orderId));
        }

        @Test
        void given_one_short_line_among_several_when_ordered_then_no_line_is_reserved() {
            String customerId = customer("Ada", "1 Analytical Row", 100_000);
            addStock("sku-1", 10);
            addStock("sku-2", 1);

            var placed = send("POST", "/api/orders", "{\"customerId\":\"" + customerId + "\",\"lines\":["
                    + "{\"sku\":\"sku-1\",\"quantity\":3,\"unitPrice\":100},"
                    + "{\"sku\":\"sku-2\",\"quantity\":2,\"unitPrice\":100}]}");
            assertThat(placed.status()).as(placed.text()).isEqualTo(202);
            String orderId = placed.json().get("orderId").asString();
            var order = awaitStatus(orderId, Set.of("CANCELLED"));

            assertThat(order.get("reason").asString()).contains("out-of-stock");
            assertThat(stock("sku-1").get("available").asLong()).as("the line in stock is not held").isEqualTo(10);
            assertThat(stock("sku-1").get("reserved").asLong()).isZero();
            assertThat(stock("sku-2").get("available").asLong()).isEqualTo(1);
            assertThat(stock("sku-2").get("reserved").asLong()).isZero();
        }
    }

    @Nested
    class EventCarriedState {
        @Test
        void given_an_order_when_the_customer_moves_then_that_order_keeps_its_address_and_a_new_one_takes_the_new() {
            String customerId = customer("Ada", "1 Analytical Row", 100_000);
            addStock("sku-1", 10);
            String first = placeOrder(customerId, "sku-1", 1, 500);

            var moved = send("PUT", "/api/customers/" + customerId + "/address", "{\"address\":\"2 Engine Lane\"}");
            String second = placeOrder(customerId, "sku-1", 1, 500);

            assertThat(moved.status()).as(moved.text()).isEqualTo(202);
            assertThat(order(first).get("shippingAddress").asString()).isEqualTo("1 Analytical Row");
            assertThat(order(second).get("shippingAddress").asString()).isEqualTo("2 Engine Lane");
            awaitStatus(first, Set.of("SHIPPED"));
            awaitStatus(second, Set.of("SHIPPED"));
            assertThat(order(first).get("shippingAddress").asString()).as("after shipping too")
                    .isEqualTo("1 Analytical Row");
            assertThat(shipmentAddress(first)).as("shipping goes by the address the order carried")
                    .isEqualTo("1 Analytical Row");
            assertThat(shipmentAddress(second)).isEqualTo("2 Engine Lane");
        }
    }

    // --- the client side: plain HTTP, as a user would

    private Answer send(String method, String path, String json) {
        var request = HttpRequest.newBuilder(URI.create(api.uri() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json)).build();
        try {
            var response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(method + " " + path + " interrupted", e);
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        }
    }

    private JsonNode ok(String path) {
        var answer = send("GET", path, null);
        assertThat(answer.status()).as("GET %s -> %s", path, answer.text()).isEqualTo(200);
        return answer.json();
    }

    private String customer(String name, String address, long creditLimit) {
        var created = send("POST", "/api/customers", "{\"name\":\"" + name + "\",\"email\":\"ada@example.org\","
                + "\"address\":\"" + address + "\",\"creditLimit\":" + creditLimit + "}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().get("customerId").asString();
    }

    private void addStock(String sku, int quantity) {
        var added = send("POST", "/api/inventory/" + sku + "/stock", "{\"quantity\":" + quantity + "}");
        assertThat(added.status()).as(added.text()).isEqualTo(202);
    }

    private JsonNode stock(String sku) {
        return ok("/api/inventory/" + sku);
    }

    private String placeOrder(String customerId, String sku, int quantity, long unitPrice) {
        var placed = send("POST", "/api/orders", "{\"customerId\":\"" + customerId + "\",\"lines\":[{\"sku\":\""
                + sku + "\",\"quantity\":" + quantity + ",\"unitPrice\":" + unitPrice + "}]}");
        assertThat(placed.status()).as(placed.text()).isEqualTo(202);
        return placed.json().get("orderId").asString();
    }

    private JsonNode order(String orderId) {
        return ok("/api/orders/" + orderId);
    }

    private JsonNode awaitStatus(String orderId, Set<String> statuses) {
        long deadline = System.nanoTime() + SAGA_DEADLINE.toNanos();
        while (true) {
            var order = order(orderId);
            if (statuses.contains(order.get("status").asString())) {
                return order;
            }
            assertThat(System.nanoTime()).as("order %s reaches %s within %s; last seen %s", orderId, statuses,
                    SAGA_DEADLINE, order).isLessThan(deadline);
            pause();
        }
    }

    /** The conversation's events once one of them is {@code fact}: compensation may land after the cancellation. */
    private List<Event> awaitFact(String orderId, String fact) {
        long deadline = System.nanoTime() + SAGA_DEADLINE.toNanos();
        while (true) {
            var events = conversation(orderId);
            if (facts(events).contains(fact)) {
                return events;
            }
            assertThat(System.nanoTime()).as("%s for %s within %s; seen %s", fact, orderId, SAGA_DEADLINE,
                    facts(events)).isLessThan(deadline);
            pause();
        }
    }

    /**
     * Every service handles the log in order: once an order placed now has shipped, each has handled all that came
     * before, so a late or repeated effect of an earlier order would be in the log by then.
     */
    private void awaitEveryServicePastTheHead() {
        String probe = customer("Probe", "3 Probe Street", 100_000);
        addStock("sku-probe", 1);
        awaitStatus(placeOrder(probe, "sku-probe", 1, 1), Set.of("SHIPPED"));
    }

    private List<Event> conversation(String correlationId) {
        var page = ok("/api/events?correlationId=" + correlationId + "&limit=1000");
        assertThat(page.get("reachedHead").asBoolean()).as("a small log fits one scan").isTrue();
        var events = new ArrayList<Event>();
        for (JsonNode event : page.get("events")) {
            String type = event.get("type").asString();
            events.add(new Event(event.get("position").asLong(), event.get("eventId").asString(),
                    type.substring(type.lastIndexOf('.') + 1), event.get("correlationId").asString(),
                    event.get("data")));
        }
        return events;
    }

    private static List<String> facts(List<Event> events) {
        return events.stream().map(Event::fact).toList();
    }

    private static long released(List<Event> events) {
        return events.stream().filter(event -> event.fact().equals("StockReleased"))
                .flatMap(event -> event.data().get("lines").valueStream())
                .mapToLong(line -> line.get("quantity").asLong()).sum();
    }

    private String shipmentAddress(String orderId) {
        return conversation(orderId).stream().filter(event -> event.fact().equals("ShipmentScheduled"))
                .map(event -> event.data().get("address").asString())
                .reduce((a, b) -> {
                    throw new AssertionError("two shipments for " + orderId);
                })
                .orElseThrow(() -> new AssertionError("no shipment for " + orderId));
    }

    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the saga", e);
        }
    }
}
