package dev.chorus.server.shop;

import dev.chorus.server.HttpApi;
import dev.chorus.server.ServerConfig;
import dev.chorus.shop.ShopConfig;
import dev.chorus.shop.ShopServices;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@code chorus demo} runs: the five shop services on the embedded log in a data directory and the HTTP API
 * over them. Starting again on the same directory continues where it stopped (projections and reactions resume
 * from their checkpoints). {@link #close()} stops the API first, so no request arrives at closed services.
 */
public final class ShopDemo implements AutoCloseable {
    private final ShopServices shop;
    private final HttpApi api;

    private ShopDemo(ShopServices shop, HttpApi api) {
        this.shop = shop;
        this.api = api;
    }

    public static ShopDemo start(Path dataDir, ServerConfig config) {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(config, "config");
        if (config.port() != 0) {
            HttpApi.requireFree(config.host(), config.port()); // before a log and a state store are made for nothing
        }
        var shop = ShopServices.start(ShopConfig.of(dataDir));
        try {
            return new ShopDemo(shop, ShopApi.start(shop, config));
        } catch (RuntimeException e) {
            shop.close();
            throw e;
        }
    }

    public ShopServices shop() {
        return shop;
    }

    public URI uri() {
        return api.uri();
    }

    /**
     * Three commands to paste into one bash or zsh, in order: register a customer (its id kept in {@code $C}),
     * stock a SKU, and place an order for that customer, which the five services then take through the saga.
     */
    public List<String> exampleCurls() {
        String base = uri().toString();
        String json = " -H 'Content-Type: application/json' -d ";
        return List.of(
                "C=$(curl -s -X POST " + base + "/api/customers" + json + "'{\"name\":\"Ada\",\"email\":"
                        + "\"ada@example.org\",\"address\":\"London\",\"creditLimit\":100000}' | sed -nE "
                        + "'s/.*\"customerId\":\"([^\"]+)\".*/\\1/p'); echo \"customer $C\"",
                "curl -s -X POST " + base + "/api/inventory/sku-1/stock" + json + "'{\"quantity\":10}' -w '\\n'",
                "curl -s -X POST " + base + "/api/orders" + json + "\"{\\\"customerId\\\":\\\"$C\\\",\\\"lines\\\":"
                        + "[{\\\"sku\\\":\\\"sku-1\\\",\\\"quantity\\\":2,\\\"unitPrice\\\":1500}]}\" -w '\\n'");
    }

    /** Where to watch what the example commands caused. */
    public String eventsUrl() {
        return uri() + "/api/events?limit=10";
    }

    @Override
    public void close() {
        try {
            api.close();
        } finally {
            shop.close();
        }
    }
}
