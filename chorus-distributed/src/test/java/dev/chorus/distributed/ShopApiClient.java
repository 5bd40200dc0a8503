package dev.chorus.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The shop's HTTP API as a test calls it: JSON in, status and JSON out. */
final class ShopApiClient {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Answer(int status, JsonNode body) {}

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    ShopApiClient(URI base) {
        this.base = base;
    }

    Answer post(String path, Object body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    Answer get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        var response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        var body = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        return new Answer(response.statusCode(), body);
    }

    String registerCustomer(String name, long creditLimit) throws IOException, InterruptedException {
        var answer = post("/api/customers", Map.of("name", name, "email", "someone@example.org",
                "address", "1 Test Street", "creditLimit", creditLimit));
        assertThat(answer.status()).as("register %s: %s", name, answer.body()).isEqualTo(201);
        return answer.body().get("customerId").asString();
    }

    void addStock(String sku, int quantity) throws IOException, InterruptedException {
        var answer = post("/api/inventory/" + sku + "/stock", Map.of("quantity", quantity));
        assertThat(answer.status()).as("stock %s: %s", sku, answer.body()).isEqualTo(202);
    }

    String placeOrder(String customerId, String sku, int quantity, long unitPrice)
            throws IOException, InterruptedException {
        var answer = post("/api/orders", Map.of("customerId", customerId, "lines",
                java.util.List.of(Map.of("sku", sku, "quantity", quantity, "unitPrice", unitPrice))));
        assertThat(answer.status()).as("order: %s", answer.body()).isEqualTo(202);
        return answer.body().get("orderId").asString();
    }

    /** The status of {@code GET path} once it is 200, or the last one when {@code timeout} passed first. */
    int statusOnceFound(String path, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int status;
        do {
            status = get(path).status();
            if (status == 200) {
                return status;
            }
            Thread.sleep(20);
        } while (System.nanoTime() - deadline < 0);
        return status;
    }

    /** The order's status once it is SHIPPED or CANCELLED, waiting at most {@code timeout}. */
    String settledStatus(String orderId, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String status = "none";
        while (System.nanoTime() - deadline < 0) {
            var answer = get("/api/orders/" + orderId);
            if (answer.status() == 200) {
                status = answer.body().get("status").asString();
                if (status.equals("SHIPPED") || status.equals("CANCELLED")) {
                    return status;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("order " + orderId + " did not settle within " + timeout + "; last: " + status);
    }
}
