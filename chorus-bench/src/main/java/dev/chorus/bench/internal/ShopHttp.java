package dev.chorus.bench.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The shop's HTTP API as a client calls it: JSON in, JSON out, an unexpected status is an exception. */
final class ShopHttp {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final Duration timeout;

    ShopHttp(URI base, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
    }

    String registerCustomer(String name, String email, String address, long creditLimit)
            throws IOException, InterruptedException {
        return post("/api/customers", Map.of("name", name, "email", email, "address", address,
                "creditLimit", creditLimit), 201).get("customerId").asString();
    }

    void addStock(String sku, int quantity) throws IOException, InterruptedException {
        post("/api/inventory/" + sku + "/stock", Map.of("quantity", quantity), 202);
    }

    String placeOrder(String customerId, String sku, int quantity, long unitPrice)
            throws IOException, InterruptedException {
        return post("/api/orders", Map.of("customerId", customerId, "lines",
                List.of(Map.of("sku", sku, "quantity", quantity, "unitPrice", unitPrice))), 202)
                .get("orderId").asString();
    }

    /** The order's status in the API's read model. */
    String orderStatus(String orderId) throws IOException, InterruptedException {
        var response = http.send(HttpRequest.newBuilder(base.resolve("/api/orders/" + orderId)).timeout(timeout)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        return expect(response, 200).get("status").asString();
    }

    private JsonNode post(String path, Object body, int status) throws IOException, InterruptedException {
        var response = http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        return expect(response, status);
    }

    private static JsonNode expect(HttpResponse<String> response, int status) throws IOException {
        if (response.statusCode() != status) {
            throw new IOException(response.request().method() + " " + response.uri().getPath() + " answered "
                    + response.statusCode() + " (expected " + status + "): " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
