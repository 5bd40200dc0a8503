package dev.chorus.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.RecordedEvent;
import dev.chorus.log.EmbeddedLog;
import dev.chorus.log.LogConfig;
import dev.chorus.shop.ShopRole;
import dev.chorus.testkit.StoreFixture;
import dev.chorus.testkit.kafka.KafkaFixture;
import dev.chorus.testkit.postgres.PostgresFixture;
import dev.chorus.testkit.postgres.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shop with every service in its own OS process, on a real Kafka broker and a real PostgreSQL: the saga
 * completes, and a service SIGKILLed in the middle of a stream of orders and started again loses nothing and
 * repeats no effect. Payments keeps its facts in the embedded log of a data directory ({@code --data-dir}), the
 * others in PostgreSQL.
 */
class ProcessPerServiceTest {
    private static final Duration SETTLE = Duration.ofSeconds(120);
    private static final int STOCK = 40;

    @TempDir
    Path logs;

    private TestDatabase database;
    private ShopInProcesses shop;

    @BeforeEach
    void start() throws Exception {
        database = PostgresFixture.shared().newDatabase();
        shop = new ShopInProcesses(KafkaFixture.bootstrapServers(), database.jdbcUrlWithCredentials(),
                "p" + Long.toHexString(System.nanoTime()) + "_", logs).withDataDir(ShopRole.PAYMENTS, paymentsLog());
        shop.startAll();
    }

    @AfterEach
    void stop() {
        if (shop != null) {
            shop.close();
        }
        if (database != null) {
            database.close();
        }
    }

    private Path paymentsLog() {
        return logs.resolve("payments-data");
    }

    @Test
    void a_service_killed_mid_load_and_started_again_loses_no_order_and_repeats_no_effect() throws Exception {
        // given customers with and without credit, and stock for every order: Bob's orders hold their units until
        // payments refuses them and inventory releases them, and with payments down (and its partitions held until
        // Kafka's session timeout) that can be after Ada's last orders ask for theirs
        var api = new ShopApiClient(shop.api());
        var customers = List.of(api.registerCustomer("Ada", 1_000_000), api.registerCustomer("Bob", 150));
        api.addStock("sku-p", STOCK);

        // when orders stream in and payments is SIGKILLed, then inventory, then shipping, each started again a
        // moment later, and at the end the API itself
        var orders = new ArrayList<String>();
        for (int i = 0; i < 40; i++) {
            orders.add(api.placeOrder(customers.get(i % 2), "sku-p", 1, 100));
            if (i == 10) {
                shop.kill(ShopRole.PAYMENTS);
            } else if (i == 15) {
                shop.start(ShopRole.PAYMENTS);
            } else if (i == 20) {
                shop.kill(ShopRole.INVENTORY);
            } else if (i == 25) {
                shop.start(ShopRole.INVENTORY);
            } else if (i == 30) {
                shop.kill(ShopRole.SHIPPING);
            } else if (i == 33) {
                shop.start(ShopRole.SHIPPING);
            }
        }
        shop.kill(ShopRole.API);
        shop.start(ShopRole.API);
        api = new ShopApiClient(shop.api());

        // then every order ends
        var statuses = new HashMap<String, String>();
        for (String order : orders) {
            statuses.put(order, api.settledStatus(order, SETTLE));
        }
        // and each order reserved once and had exactly one payment decision
        shop.stop(ShopRole.PAYMENTS); // its log is its process's alone
        Map<String, Long> payments;
        try (var log = EmbeddedLog.open(LogConfig.defaults(paymentsLog()))) {
            payments = Decisions.payments(log);
            var ids = StoreFixture.everything(log).stream().map(RecordedEvent::eventId).toList();
            assertThat(new HashSet<>(ids)).as("facts in payments' log more than once").hasSameSizeAs(ids);
        }
        var reservations = Decisions.stock(database.jdbcUrlWithCredentials(), shop.schemaOf(ShopRole.INVENTORY));
        for (String order : orders) {
            assertThat(reservations.getOrDefault(order, 0L)).as("stock decisions for %s", order).isEqualTo(1L);
            // one when it shipped; never two, cancelled or not (none if it never had stock reserved)
            var decisions = assertThat(payments.getOrDefault(order, 0L)).as("payment decisions for %s (%s)", order,
                    statuses.get(order));
            if (statuses.get(order).equals("SHIPPED")) {
                decisions.isEqualTo(1L);
            } else {
                decisions.isLessThanOrEqualTo(1L);
            }
        }
        // and the stock adds up: what shipped stays reserved, everything else is available again
        long shipped = statuses.values().stream().filter("SHIPPED"::equals).count();
        assertThat(shipped).as("Ada's orders ship: %s", statuses).isGreaterThanOrEqualTo(20);
        assertThat(statuses.values()).as("Bob's credit runs out").contains("CANCELLED");
        long deadline = System.nanoTime() + SETTLE.toNanos();
        var stock = api.get("/api/inventory/sku-p").body();
        while ((stock.get("reserved").asLong() != shipped || stock.get("available").asLong() != STOCK - shipped)
                && System.nanoTime() - deadline < 0) {
            Thread.sleep(50);
            stock = api.get("/api/inventory/sku-p").body();
        }
        assertThat(stock.get("reserved").asLong()).isEqualTo(shipped);
        assertThat(stock.get("available").asLong()).isEqualTo(STOCK - shipped);
    }
}
