package dev.chorus.server.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.server.HttpApi;
import dev.chorus.server.ServerConfig;
import dev.chorus.shop.ShopConfig;
import dev.chorus.shop.ShopServices;
import dev.chorus.shop.orders.OrderStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The shop's endpoints through a real server over the five services on a real log. */
class ShopApiTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

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

    private Answer send(String method, String path, String json) {
        var request = HttpRequest.newBuilder(URI.create(api.uri() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json)).build();
        try {
            var response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        }
    }

    private Answer get(String path) {
        return send("GET", path, null);
    }

    private String customer(long creditLimit) {
        var created = send("POST", "/api/customers", "{\"name\":\"Ada\",\"email\":\"ada@example.org\","
                + "\"address\":\"1 Analytical Row\",\"creditLimit\":" + creditLimit + "}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().get("customerId").asString();
    }

    private void awaitCreditAccount(String customerId) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (shop.credit(customerId).isEmpty()) {
            assertThat(System.nanoTime()).as("payments opened no credit account within 30 s").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    @Nested
    class Customers {
        @Test
        void given_a_registered_customer_when_read_then_every_field_is_there() {
            String id = customer(50_000);

            var read = get("/api/customers/" + id);

            assertThat(read.status()).isEqualTo(200);
            assertThat(read.json().get("customerId").asString()).isEqualTo(id);
            assertThat(read.json().get("name").asString()).isEqualTo("Ada");
            assertThat(read.json().get("email").asString()).isEqualTo("ada@example.org");
            assertThat(read.json().get("address").asString()).isEqualTo("1 Analytical Row");
            assertThat(read.json().get("creditLimit").asLong()).isEqualTo(50_000);
        }

        @Test
        void given_a_name_of_emoji_then_its_length_is_counted_in_characters_not_utf16_units() {
            String emoji = "\uD83D\uDE00";
            String body = "{\"email\":\"ada@example.org\",\"address\":\"1 Row\",\"creditLimit\":1,\"name\":\"";

            var fits = send("POST", "/api/customers", body + emoji.repeat(200) + "\"}");
            var tooLong = send("POST", "/api/customers", body + emoji.repeat(201) + "\"}");

            assertThat(fits.status()).as(fits.text()).isEqualTo(201);
            assertThat(get("/api/customers/" + fits.json().get("customerId").asString()).json().get("name")
                    .asString()).isEqualTo(emoji.repeat(200));
            assertThat(tooLong.status()).as(tooLong.text()).isEqualTo(400);
            assertThat(tooLong.json().get("message").asString()).contains("at most 200 characters; got 201");
        }

        @Test
        void given_a_new_address_when_read_right_after_then_it_shows() {
            String id = customer(50_000);

            var changed = send("PUT", "/api/customers/" + id + "/address", "{\"address\":\"2 Engine Lane\"}");

            assertThat(changed.status()).isEqualTo(202);
            assertThat(get("/api/customers/" + id).json().get("address").asString()).isEqualTo("2 Engine Lane");
        }

        @Test
        void given_an_unknown_customer_then_404_for_a_read_and_an_address_change() {
            assertThat(get("/api/customers/nobody").status()).isEqualTo(404);
            var changed = send("PUT", "/api/customers/nobody/address", "{\"address\":\"x\"}");
            assertThat(changed.status()).as(changed.text()).isEqualTo(404);
            assertThat(shop.log().headPosition()).isZero();
        }

        @Test
        void given_a_control_character_in_a_path_id_then_400_invalid_parameter() {
            var read = get("/api/customers/a%01b");
            var changed = send("PUT", "/api/customers/a%01b/address", "{\"address\":\"x\"}");

            assertThat(read.status()).as(read.text()).isEqualTo(400);
            assertThat(read.json().get("error").asString()).isEqualTo("invalid-parameter");
            assertThat(changed.status()).as(changed.text()).isEqualTo(400);
            assertThat(shop.log().headPosition()).isZero();
        }

        @Test
        void given_a_path_id_no_id_can_be_then_400_invalid_parameter_like_any_path_mistake() {
            var customer = get("/api/customers/bad%20id");
            var stock = get("/api/inventory/sku%2Fslash");
            var order = send("POST", "/api/orders/not%20an%20id/cancel", "{\"reason\":\"x\"}");

            for (var answer : java.util.List.of(customer, stock, order)) {
                assertThat(answer.status()).as(answer.text()).isEqualTo(400);
                assertThat(answer.json().get("error").asString()).isEqualTo("invalid-parameter");
            }
            assertThat(shop.log().headPosition()).isZero();
        }

        @Test
        void given_bad_customer_input_then_4xx_and_nothing_written() {
            assertThat(send("POST", "/api/customers", "{\"name\":\"A\",\"email\":\"a@b\",\"address\":\"x\","
                    + "\"creditLimit\":-1}").status()).isEqualTo(400);
            assertThat(send("POST", "/api/customers", "{\"name\":\"A\",\"email\":\"a@b\",\"address\":\"x\","
                    + "\"creditLimit\":\"5\"}").status()).isEqualTo(400);
            var badEmail = send("POST", "/api/customers", "{\"name\":\"A\",\"email\":\"no-at-sign\",\"address\":\"x\","
                    + "\"creditLimit\":5}");
            assertThat(badEmail.status()).isEqualTo(422);
            assertThat(badEmail.json().get("field").asString()).isEqualTo("email");
            assertThat(shop.log().headPosition()).isZero();
        }
    }

    @Nested
    class InventoryAndOrders {
        @Test
        void given_stock_when_read_then_available_and_reserved_show() {
            assertThat(send("POST", "/api/inventory/sku-1/stock", "{\"quantity\":7}").status()).isEqualTo(202);

            var stock = get("/api/inventory/sku-1").json();

            assertThat(stock.get("sku").asString()).isEqualTo("sku-1");
            assertThat(stock.get("available").asLong()).isEqualTo(7);
            assertThat(stock.get("reserved").asLong()).isZero();
            assertThat(get("/api/inventory/sku-unknown").status()).isEqualTo(404);
        }

        @Test
        void given_an_order_that_fits_when_placed_then_it_is_read_at_once_and_ends_shipped_with_its_history()
                throws InterruptedException {
            String customerId = customer(100_000);
            send("POST", "/api/inventory/sku-1/stock", "{\"quantity\":10}");

            var placed = send("POST", "/api/orders", "{\"customerId\":\"" + customerId
                    + "\",\"lines\":[{\"sku\":\"sku-1\",\"quantity\":2,\"unitPrice\":1500}]}");
            String orderId = placed.json().get("orderId").asString();
            var read = get("/api/orders/" + orderId);

            assertThat(placed.status()).isEqualTo(202);
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.json().get("customerId").asString()).isEqualTo(customerId);
            assertThat(read.json().get("total").asLong()).isEqualTo(3000);
            assertThat(read.json().get("shippingAddress").asString()).isEqualTo("1 Analytical Row");
            assertThat(read.json().get("status").asString()).isIn("PENDING", "CONFIRMED", "SHIPPED");

            shop.awaitOrder(orderId, EnumSet.of(OrderStatus.SHIPPED), Duration.ofSeconds(30));
            var shipped = get("/api/orders/" + orderId).json();
            assertThat(shipped.get("status").asString()).isEqualTo("SHIPPED");
            String streamId = shipped.get("streamId").asString();
            long position = placed.json().get("position").asLong();
            var then = get("/api/streams/" + streamId + "?position=" + position).json();
            assertThat(then.get("state").get("status").asString()).isEqualTo("PENDING");
            assertThat(get("/api/streams/" + streamId).json().get("state").get("status").asString())
                    .isEqualTo("SHIPPED");
            var lineage = get("/api/lineage/" + orderId).json();
            assertThat(lineage.get("nodes").size()).isGreaterThanOrEqualTo(5);
            assertThat(lineage.get("edges").size()).isEqualTo(lineage.get("nodes").size() - 1);
        }

        @Test
        void given_a_cancellation_then_a_shipped_order_is_409_an_unknown_one_404_a_cancelled_one_202_unchanged()
                throws Exception {
            String id = customer(50_000);
            awaitCreditAccount(id);
            assertThat(send("POST", "/api/inventory/sku-c/stock", "{\"quantity\":5}").status()).isEqualTo(202);
            String shipped = send("POST", "/api/orders", "{\"customerId\":\"" + id
                    + "\",\"lines\":[{\"sku\":\"sku-c\",\"quantity\":1,\"unitPrice\":10}]}").json().get("orderId")
                    .asString();
            String unstocked = send("POST", "/api/orders", "{\"customerId\":\"" + id
                    + "\",\"lines\":[{\"sku\":\"sku-none\",\"quantity\":1,\"unitPrice\":10}]}").json()
                    .get("orderId").asString();
            awaitStatus(shipped, "SHIPPED");
            awaitStatus(unstocked, "CANCELLED");
            // the saga's last fact for an order cancelled for want of stock
            awaitFact(unstocked, "shop.payments.CreditReleased");
            long head = shop.log().headPosition();

            var late = send("POST", "/api/orders/" + shipped + "/cancel", "{\"reason\":\"changed my mind\"}");
            var unknown = send("POST", "/api/orders/nobody/cancel", "{\"reason\":\"x\"}");
            var again = send("POST", "/api/orders/" + unstocked + "/cancel", "{\"reason\":\"x\"}");
            var noReason = send("POST", "/api/orders/" + unstocked + "/cancel", "{}");

            assertThat(late.status()).as(late.text()).isEqualTo(409);
            assertThat(late.json().get("error").asString()).isEqualTo("order-shipped");
            assertThat(unknown.status()).as(unknown.text()).isEqualTo(404);
            assertThat(unknown.json().get("error").asString()).isEqualTo("order-not-found");
            assertThat(again.status()).as(again.text()).isEqualTo(202);
            assertThat(get("/api/orders/" + unstocked).json().get("reason").asString()).startsWith("out-of-stock");
            assertThat(noReason.status()).as(noReason.text()).isEqualTo(400);
            assertThat(shop.log().headPosition()).as("nothing written").isEqualTo(head);
        }

        private void awaitFact(String orderId, String type) throws InterruptedException {
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
            while (!get("/api/events?correlationId=" + orderId).text().contains("\"" + type + "\"")) {
                assertThat(System.nanoTime()).as("no %s for %s within 30 s", type, orderId).isLessThan(deadline);
                Thread.sleep(5);
            }
        }

        private void awaitStatus(String orderId, String status) throws InterruptedException {
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
            while (!get("/api/orders/" + orderId).json().get("status").asString().equals(status)) {
                assertThat(System.nanoTime()).as("order %s not %s within 30 s", orderId, status).isLessThan(deadline);
                Thread.sleep(5);
            }
        }

        @Test
        void given_an_order_for_an_unknown_customer_then_422_and_nothing_written() {
            send("POST", "/api/inventory/sku-1/stock", "{\"quantity\":10}");
            long head = shop.log().headPosition();

            var refused = send("POST", "/api/orders",
                    "{\"customerId\":\"nobody\",\"lines\":[{\"sku\":\"sku-1\",\"quantity\":1,\"unitPrice\":1}]}");

            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.json().get("error").asString()).isEqualTo("unknown-customer");
            assertThat(shop.log().headPosition()).isEqualTo(head);
        }

        @Test
        void given_bad_order_lines_then_400_with_the_field_and_nothing_written() {
            String customerId = customer(100);
            awaitCreditAccount(customerId); // payments opens it in reaction: the last write before the bad requests
            long head = shop.log().headPosition();
            String[] bad = {
                "{\"customerId\":\"" + customerId + "\",\"lines\":[]}",
                "{\"customerId\":\"" + customerId + "\",\"lines\":[{\"sku\":\"s\",\"quantity\":0,\"unitPrice\":1}]}",
                "{\"customerId\":\"" + customerId + "\",\"lines\":[{\"sku\":\"s\",\"quantity\":1,\"unitPrice\":-1}]}",
                "{\"customerId\":\"" + customerId + "\",\"lines\":[{\"sku\":\"s\",\"quantity\":99999999999,\"unitPrice\":1}]}",
                "{\"customerId\":\"" + customerId + "\",\"lines\":[{\"sku\":\"s\",\"quantity\":1}]}",
                "{\"customerId\":\"" + customerId + "\",\"lines\":\"none\"}",
                "{\"customerId\":\"" + customerId + "\",\"lines\":[{\"sku\":\"s\",\"quantity\":1,\"unitPrice\":1},"
                        + "{\"sku\":\"no such/sku\",\"quantity\":1,\"unitPrice\":1}]}",
            };
            for (String body : bad) {
                var answer = send("POST", "/api/orders", body);
                assertThat(answer.status()).as(body + " -> " + answer.text()).isEqualTo(400);
                assertThat(answer.json().get("field").asString()).startsWith("lines");
            }
            var badSku = send("POST", "/api/orders", bad[bad.length - 1]).json();
            assertThat(badSku.get("error").asString()).as("a SKU no stock can have, as in a path").isEqualTo("invalid-field");
            assertThat(badSku.get("field").asString()).isEqualTo("lines[1].sku");
            assertThat(get("/api/orders/nothing-here").status()).isEqualTo(404);
            assertThat(shop.log().headPosition()).isEqualTo(head);
        }
    }
}
