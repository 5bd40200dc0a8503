package dev.chorus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code chorus demo} as a user runs it: a child JVM on a data directory, driven over HTTP, stopped with SIGTERM and
 * started again on the same directory. Every wait is a poll with a deadline.
 */
class DemoRestartTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Pattern URL = Pattern.compile("listens on (http://127\\.0\\.0\\.1:\\d+)");
    private static final List<String> SAGA = List.of("OrderPlaced", "StockReserved", "PaymentAuthorized",
            "OrderConfirmed", "ShipmentScheduled", "OrderShipped");

    @TempDir
    Path dir;

    /** One running {@code chorus demo}: its process, where its output goes, and the address it printed. */
    record Demo(Process process, Path output, String url) {}

    @Test
    void given_a_shipped_order_when_the_demo_is_terminated_and_started_again_then_it_continues_without_repeating()
            throws Exception {
        Path data = dir.resolve("chorus-data");
        String orderId;
        long headBefore;
        List<String> eventIdsBefore;
        try (var client = HttpClient.newHttpClient()) {
            var first = startDemo(data, dir.resolve("first-run.txt"));
            try {
                orderId = placeShippedOrder(client, first.url());
                eventIdsBefore = eventIds(conversation(client, first.url(), orderId));
                headBefore = head(client, first.url());
                terminate(first);
            } finally {
                first.process().destroyForcibly();
            }

            var second = startDemo(data, dir.resolve("second-run.txt"));
            try {
                var restarted = get(client, second.url(), "/api/orders/" + orderId);
                long headAfter = head(client, second.url());
                // Every service handles its facts in log order: once a new order has gone all the way, each has
                // passed the old one again, so an effect repeated on restart would be in the log by now.
                String next = placeShippedOrder(client, second.url());
                var events = conversation(client, second.url(), orderId);

                assertThat(restarted.get("status").asString()).isEqualTo("SHIPPED");
                assertThat(headAfter).as("the head does not go backwards").isGreaterThanOrEqualTo(headBefore);
                assertThat(Files.readString(second.output())).contains("head position: " + headAfter);
                assertThat(facts(events)).as("each step of the saga once, in order").containsExactlyElementsOf(SAGA);
                assertThat(eventIds(events)).as("the same events as before the restart")
                        .containsExactlyElementsOf(eventIdsBefore);
                assertThat(next).isNotEqualTo(orderId);
                terminate(second);
            } finally {
                second.process().destroyForcibly();
            }
        }
    }

    // --- the demo process

    private static Demo startDemo(Path data, Path output) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "demo", "--port", "0", "--data-dir", data.toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        try {
            awaitOutput(process, output, "Press Ctrl-C");
            var url = URL.matcher(Files.readString(output));
            assertThat(url.find()).as("the API's address is printed:%n%s", Files.readString(output)).isTrue();
            return new Demo(process, output, url.group(1));
        } catch (Throwable e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** SIGTERM, as a service manager sends it; the handle's destroy leaves the child's output to the end. */
    private static void terminate(Demo demo) throws Exception {
        assertThat(demo.process().toHandle().destroy()).as("SIGTERM requested").isTrue();
        assertThat(demo.process().waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("exited within %s", DEADLINE)
                .isTrue();
        assertThat(Files.readString(demo.output())).as("shut down cleanly").contains("closed the log in ");
    }

    private static void awaitOutput(Process process, Path output, String marker) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!Files.readString(output).contains(marker)) {
            assertThat(process.isAlive()).as("still running; output so far:%n%s", Files.readString(output)).isTrue();
            assertThat(System.nanoTime()).as("'%s' within %s", marker, DEADLINE).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    // --- the client side: plain HTTP

    private static String placeShippedOrder(HttpClient client, String url) throws Exception {
        var customer = send(client, url, "POST", "/api/customers", "{\"name\":\"Ada\",\"email\":\"ada@example.org\","
                + "\"address\":\"1 Analytical Row\",\"creditLimit\":100000}", 201);
        send(client, url, "POST", "/api/inventory/sku-1/stock", "{\"quantity\":5}", 202);
        var placed = send(client, url, "POST", "/api/orders", "{\"customerId\":\""
                + customer.get("customerId").asString()
                + "\",\"lines\":[{\"sku\":\"sku-1\",\"quantity\":2,\"unitPrice\":1500}]}", 202);
        String orderId = placed.get("orderId").asString();
        awaitShipped(client, url, orderId);
        return orderId;
    }

    private static void awaitShipped(HttpClient client, String url, String orderId) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            var order = get(client, url, "/api/orders/" + orderId);
            String status = order.get("status").asString();
            if (status.equals("SHIPPED")) {
                return;
            }
            assertThat(status).as("order %s ships: %s", orderId, order).isNotEqualTo("CANCELLED");
            assertThat(System.nanoTime()).as("order %s shipped within %s; last seen %s", orderId, DEADLINE, order)
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static long head(HttpClient client, String url) throws Exception {
        return get(client, url, "/api/health").get("head").asLong();
    }

    private static List<JsonNode> conversation(HttpClient client, String url, String orderId) throws Exception {
        var page = get(client, url, "/api/events?correlationId=" + orderId + "&limit=1000");
        assertThat(page.get("reachedHead").asBoolean()).as("a small log fits one scan").isTrue();
        var events = new ArrayList<JsonNode>();
        page.get("events").forEach(events::add);
        return events;
    }

    private static List<String> facts(List<JsonNode> events) {
        return events.stream().map(event -> event.get("type").asString())
                .map(type -> type.substring(type.lastIndexOf('.') + 1)).toList();
    }

    private static List<String> eventIds(List<JsonNode> events) {
        return events.stream().map(event -> event.get("eventId").asString()).toList();
    }

    private static JsonNode get(HttpClient client, String url, String path) throws Exception {
        return send(client, url, "GET", path, null, 200);
    }

    private static JsonNode send(HttpClient client, String url, String method, String path, String json, int expected)
            throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json)).build();
        var response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s -> %s", method, path, response.body()).isEqualTo(expected);
        return JSON.readTree(response.body());
    }
}
