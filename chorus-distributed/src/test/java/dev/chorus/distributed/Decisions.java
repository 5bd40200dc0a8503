package dev.chorus.distributed;

import dev.chorus.core.EventImporter;
import dev.chorus.core.EventStore;
import dev.chorus.core.RecordedEvent;
import dev.chorus.postgres.PostgresConfig;
import dev.chorus.postgres.PostgresEventStore;
import dev.chorus.testkit.StoreFixture;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;

/** What a role decided per order, read from its own store: the facts it wrote itself, not those it imported. */
final class Decisions {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Decisions() {}

    /** How many facts of {@code types} the store in {@code schema} wrote for each order id. */
    static Map<String, Long> perOrder(String postgresUrl, String schema, String... types) {
        try (var store = PostgresEventStore.open(PostgresConfig.of(postgresUrl, c -> c.schema = schema))) {
            return perOrder(store, types);
        }
    }

    /** How many facts of {@code types} {@code store} wrote for each order id. */
    static Map<String, Long> perOrder(EventStore store, String... types) {
        var wanted = List.of(types);
        return StoreFixture.everything(store).stream().filter(event -> wanted.contains(event.type().name()))
                .filter(event -> !event.metadata().containsKey(EventImporter.IMPORTED_FROM))
                .collect(Collectors.groupingBy(Decisions::orderId, Collectors.counting()));
    }

    static Map<String, Long> stock(String postgresUrl, String schema) {
        return perOrder(postgresUrl, schema, STOCK);
    }

    static Map<String, Long> payments(String postgresUrl, String schema) {
        return perOrder(postgresUrl, schema, PAYMENTS);
    }

    static Map<String, Long> payments(EventStore store) {
        return perOrder(store, PAYMENTS);
    }

    static final String[] STOCK = {"shop.inventory.StockReserved", "shop.inventory.StockReservationFailed"};
    static final String[] PAYMENTS = {"shop.payments.PaymentAuthorized", "shop.payments.PaymentFailed"};

    private static String orderId(RecordedEvent event) {
        return JSON.readTree(event.data()).get("orderId").asString();
    }
}
