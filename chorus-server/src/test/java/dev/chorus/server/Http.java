package dev.chorus.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client for a test: requests with bounded timeouts, answers parsed as JSON. */
final class Http implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Answer(int status, String text, HttpResponse<String> response) {
        JsonNode json() {
            return JSON.readTree(text);
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse("");
        }
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;

    Http(URI base) {
        this.base = base;
    }

    Answer get(String path) {
        return send(request(path).GET().build());
    }

    Answer post(String path, String contentType, String body) {
        return send(request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    Answer postJson(String path, String body) {
        return post(path, "application/json", body);
    }

    /**
     * Sends {@code body} as a careful client sends a large one: it asks first (Expect: 100-continue), so a server
     * that refuses it early (413) is heard, instead of closing the connection while the body is still going out.
     */
    Answer send(String method, String path, String contentType, byte[] body) {
        return send(request(path).header("Content-Type", contentType).expectContinue(body.length > 0)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    }

    Answer send(HttpRequest request) {
        try {
            var response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new AssertionError("request " + request + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
