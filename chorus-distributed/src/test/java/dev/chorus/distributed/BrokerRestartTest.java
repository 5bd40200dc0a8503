package dev.chorus.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.kafka.KafkaSettings;
import dev.chorus.shop.ShopRole;
import dev.chorus.testkit.kafka.ChildKafka;
import dev.chorus.testkit.postgres.PostgresFixture;
import dev.chorus.testkit.postgres.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka broker SIGKILLed while orders stream through the shop, and started again: every order still ends, each
 * with one stock decision and at most one payment decision, because what was recorded in PostgreSQL but not yet
 * on Kafka is relayed later and what arrives twice is imported once.
 */
class BrokerRestartTest {
    private static final Duration SETTLE = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    private ChildKafka broker;
    private TestDatabase database;
    private final List<ShopProcess> processes = new ArrayList<>();

    @AfterEach
    void stop() {
        processes.reversed().forEach(ShopProcess::close);
        if (broker != null) {
            broker.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void orders_placed_before_during_and_after_a_broker_crash_all_end_once() throws Exception {
        broker = ChildKafka.start(dir.resolve("kafka"), 0);
        database = PostgresFixture.shared().newDatabase();
        var kafka = KafkaSettings.of(broker.bootstrapServers());
        String prefix = "b" + Long.toHexString(System.nanoTime()) + "_";
        for (var role : ShopRole.values()) {
            processes.add(ShopProcess.start(ProcessConfig.of(role, kafka, database.jdbcUrlWithCredentials(), c -> {
                c.port = 0;
                c.schema = prefix + role.id();
                c.answerTimeout = Duration.ofSeconds(25);
            }), line -> { }));
        }
        var api = new ShopApiClient(processes.getLast().served().get(60, TimeUnit.SECONDS));
        String ada = api.registerCustomer("Ada", 1_000_000);
        api.addStock("sku-b", 100);

        // orders before the crash
        var orders = new ArrayList<String>();
        for (int i = 0; i < 10; i++) {
            orders.add(api.placeOrder(ada, "sku-b", 1, 10));
        }
        // the broker dies; orders keep coming (each waits for its outcome until the broker is back)
        broker.kill();
        var during = CompletableFuture.supplyAsync(() -> {
            var placed = new ArrayList<String>();
            try {
                for (int i = 0; i < 5; i++) {
                    placed.add(api.placeOrder(ada, "sku-b", 1, 10));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return placed;
        });
        Thread.sleep(2_000);
        broker.restart();
        orders.addAll(during.get(120, TimeUnit.SECONDS));
        for (int i = 0; i < 10; i++) {
            orders.add(api.placeOrder(ada, "sku-b", 1, 10));
        }

        var statuses = new HashMap<String, String>();
        for (String order : orders) {
            statuses.put(order, api.settledStatus(order, SETTLE));
        }
        assertThat(statuses.values()).as("stock and credit suffice for all").containsOnly("SHIPPED");
        var stock = Decisions.stock(database.jdbcUrlWithCredentials(), prefix + "inventory");
        var payments = Decisions.payments(database.jdbcUrlWithCredentials(), prefix + "payments");
        for (String order : orders) {
            assertThat(stock.get(order)).as("stock decisions for %s", order).isEqualTo(1L);
            assertThat(payments.get(order)).as("payment decisions for %s", order).isEqualTo(1L);
        }
        assertThat(api.get("/api/inventory/sku-b").body().get("reserved").asLong()).isEqualTo(orders.size());
    }
}
