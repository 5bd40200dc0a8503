package dev.chorus.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.EventImporter;
import dev.chorus.core.RecordedEvent;
import dev.chorus.kafka.KafkaSettings;
import dev.chorus.kafka.PartitionLag;
import dev.chorus.postgres.PostgresConfig;
import dev.chorus.postgres.PostgresEventStore;
import dev.chorus.shop.ShopRole;
import dev.chorus.testkit.kafka.ChildKafka;
import dev.chorus.testkit.kafka.KafkaFixture;
import dev.chorus.testkit.postgres.PostgresFixture;
import dev.chorus.testkit.postgres.TestDatabase;
import dev.chorus.testkit.process.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of inventory on one PostgreSQL schema beside the rest of the shop: their inboxes share the
 * partitions and import every fact once, one of them leads, and when the leader is SIGKILLed the other takes over
 * and orders go on settling with one stock decision each. On a broker of its own, since the shop's topic and
 * group names are fixed and other tests leave members behind in them.
 */
class TwoInstancesOfOneServiceTest {
    private static final Duration SETTLE = Duration.ofSeconds(30);
    /** The child's Kafka clients carry this id, so its member of the inbox group can be told from the other. */
    private static final String CHILD_CLIENT = "inventory-child";
    /** Inventory reads three topics of six partitions each. */
    private static final int PARTITIONS = 3 * 6;

    @TempDir
    Path dir;

    private ChildKafka kafka;
    private TestDatabase database;
    private String postgres;
    private String prefix;
    private final List<ShopProcess> processes = new ArrayList<>();
    private ChildJvm child;

    /** The inventory store's inbox group, which both instances share. */
    private String inbox() {
        return ProcessConfig.of(ShopRole.INVENTORY, KafkaSettings.of(kafka.bootstrapServers()), postgres,
                c -> c.schema = prefix + ShopRole.INVENTORY.id()).inboxGroup();
    }

    @BeforeEach
    void startTheShopButInventory() throws Exception {
        kafka = KafkaFixture.child(dir.resolve("kafka"));
        database = PostgresFixture.shared().newDatabase();
        postgres = database.jdbcUrlWithCredentials();
        prefix = "i" + Long.toHexString(System.nanoTime()) + "_";
        for (var role : List.of(ShopRole.CUSTOMERS, ShopRole.ORDERS, ShopRole.PAYMENTS, ShopRole.SHIPPING,
                ShopRole.API)) {
            processes.add(start(role));
        }
        // leaders have created their topics, so the inventory inboxes subscribe to all of them at once
        for (var process : processes) {
            await(process.config().role().id() + " leads", process::leading);
        }
    }

    @AfterEach
    void stop() {
        if (child != null) {
            child.close();
        }
        processes.reversed().forEach(ShopProcess::close);
        if (database != null) {
            database.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void two_inventory_instances_share_the_partitions_one_leads_and_the_other_takes_over_when_it_is_killed()
            throws Exception {
        // given inventory in a child process, leading, and a second instance on the same schema in this JVM
        child = startInventoryChild();
        child.awaitLine("leading inventory", SETTLE);
        var second = start(ShopRole.INVENTORY);
        processes.add(second);

        // then both inboxes hold some of the partitions, and together all of them
        var partitions = awaitAssignment(members -> members.size() == 2
                && members.stream().allMatch(member -> !member.assignment().topicPartitions().isEmpty()));
        assertThat(partitions.keySet()).as("one member is the child's").contains(CHILD_CLIENT);
        assertThat(partitions.values().stream().flatMap(Set::stream).toList())
                .as("the partitions of chorus.api, chorus.orders and chorus.payments, each held once")
                .doesNotHaveDuplicates().hasSize(PARTITIONS);
        // and the child leads while the second one stands by
        assertThat(second.leading()).isFalse();

        // when orders are placed through the API
        var api = api();
        String ada = api.registerCustomer("Ada", 1_000_000);
        api.addStock("sku-two", 100);
        var before = placeAndSettle(api, ada, 12);

        // then each order had one stock decision, and every fact inventory reacts to is in its store once
        assertOneStockDecisionEach(before);
        awaitEveryFactImported();
        await("the inbox group has committed everything", () -> second.inbox().lag().stream()
                .mapToLong(PartitionLag::lag).sum() == 0);
        // and both instances imported some of them
        assertThat(second.inbox().imported()).as("imported by the second instance")
                .isPositive().isLessThan(importedIds().size());

        // when the leader is SIGKILLed
        child.kill();

        // then the second instance takes over the leadership and, once the broker drops the dead member, the
        // partitions
        await("the second instance leads", second::leading);
        awaitAssignment(members -> members.size() == 1
                && members.getFirst().assignment().topicPartitions().size() == PARTITIONS);
        // and orders placed afterwards still settle, with one stock decision each, as do the ones before
        var after = placeAndSettle(api, ada, 6);
        assertOneStockDecisionEach(before);
        assertOneStockDecisionEach(after);
        awaitEveryFactImported();
        long shipped = before.size() + after.size();
        await("the stock adds up", () -> available(api) == 100 - shipped);
    }

    private static long available(ShopApiClient api) {
        try {
            return api.get("/api/inventory/sku-two").body().get("available").asLong();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void awaitEveryFactImported() throws InterruptedException {
        await("inventory's store holds every fact it reacts to", () -> Set.copyOf(importedIds())
                .equals(factsInventoryReactsTo()));
        assertThat(importedIds()).as("no fact imported twice").doesNotHaveDuplicates();
    }

    private ShopProcess start(ShopRole role) {
        return ShopProcess.start(ProcessConfig.of(role, KafkaSettings.of(kafka.bootstrapServers()), postgres, c -> {
            c.port = 0;
            c.schema = prefix + role.id();
        }), line -> { });
    }

    /**
     * The first inventory instance, in an OS process of its own to SIGKILL. Its consumer session expires after
     * 6 s (Kafka's default is 45 s), so that the broker hands its partitions to the survivor soon after the kill.
     */
    private ChildJvm startInventoryChild() throws Exception {
        Path clientConfig = Files.writeString(dir.resolve("inventory-child.properties"),
                "session.timeout.ms=6000\nheartbeat.interval.ms=1000\nclient.id=" + CHILD_CLIENT + "\n");
        var started = ChildJvm.start(ShopProcessMain.class, dir.resolve("inventory-child.err"),
                ShopRole.INVENTORY.id(), "--kafka", kafka.bootstrapServers(), "--postgres", postgres,
                "--schema", prefix + ShopRole.INVENTORY.id(), "--kafka-config", clientConfig);
        started.awaitLine("ready", Duration.ofSeconds(90));
        return started;
    }

    private ShopApiClient api() throws Exception {
        var gateway = processes.stream().filter(p -> p.config().role() == ShopRole.API).findFirst().orElseThrow();
        return new ShopApiClient(gateway.served().get(60, TimeUnit.SECONDS));
    }

    private static List<String> placeAndSettle(ShopApiClient api, String customer, int count) throws Exception {
        var orders = new ArrayList<String>();
        for (int i = 0; i < count; i++) {
            orders.add(api.placeOrder(customer, "sku-two", 1, 10));
        }
        for (String order : orders) {
            assertThat(api.settledStatus(order, SETTLE)).as("order %s", order).isEqualTo("SHIPPED");
        }
        return orders;
    }

    private void assertOneStockDecisionEach(List<String> orders) {
        var decisions = Decisions.stock(postgres, prefix + ShopRole.INVENTORY.id());
        for (String order : orders) {
            assertThat(decisions.getOrDefault(order, 0L)).as("stock decisions for %s", order).isEqualTo(1L);
        }
    }

    /** The ids of the facts the inventory store imported, as often as it holds them. */
    private List<String> importedIds() {
        return events(ShopRole.INVENTORY).stream().filter(e -> e.metadata().containsKey(EventImporter.IMPORTED_FROM))
                .map(RecordedEvent::eventId).toList();
    }

    /** The ids of the facts that the roles inventory imports from wrote themselves, of the types it reads. */
    private Set<String> factsInventoryReactsTo() {
        var accepted = ShopRole.INVENTORY.acceptedTypeNames();
        return ShopRole.INVENTORY.imports().stream().flatMap(role -> events(role).stream())
                .filter(e -> !e.metadata().containsKey(EventImporter.IMPORTED_FROM))
                .filter(e -> accepted.contains(e.type().name()))
                .map(RecordedEvent::eventId).collect(Collectors.toSet());
    }

    private List<RecordedEvent> events(ShopRole role) {
        try (var store = PostgresEventStore.open(PostgresConfig.of(postgres, c -> c.schema = prefix + role.id()))) {
            var all = new ArrayList<RecordedEvent>();
            while (all.size() < store.headPosition()) {
                all.addAll(store.readAll(all.size(), 1_000));
            }
            return all;
        }
    }

    /**
     * Waits until the members of inventory's inbox group, as the broker describes them, pass {@code until}; returns
     * the partitions each holds by client id.
     */
    private Map<String, Set<TopicPartition>> awaitAssignment(
            Predicate<List<MemberDescription>> until) throws Exception {
        try (var admin = Admin.create(KafkaFixture.adminProperties(kafka.bootstrapServers()))) {
            long deadline = System.nanoTime() + SETTLE.toNanos();
            while (true) {
                var members = List.copyOf(admin.describeConsumerGroups(List.of(inbox())).all().get().get(inbox())
                        .members());
                if (until.test(members)) {
                    var byClient = new HashMap<String, Set<TopicPartition>>();
                    members.forEach(m -> byClient.put(m.clientId(), m.assignment().topicPartitions()));
                    return byClient;
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("the inbox group " + inbox() + " did not settle in " + SETTLE + ": "
                            + members);
                }
                Thread.sleep(200);
            }
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(what + ": not within " + SETTLE);
            }
            Thread.sleep(100);
        }
    }
}
