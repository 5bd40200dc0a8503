package dev.chorus.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.chorus.core.EventType;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.core.handler.DeadLetter;
import dev.chorus.core.handler.DeadLetterStore;
import dev.chorus.core.handler.Failure;
import dev.chorus.core.memory.InMemoryEventStore;
import dev.chorus.core.memory.InMemoryStateStore;
import dev.chorus.kafka.ChorusTopics;
import dev.chorus.kafka.DeadLetterPublisher;
import dev.chorus.kafka.KafkaSettings;
import dev.chorus.kafka.KafkaUnavailable;
import dev.chorus.postgres.PostgresConfig;
import dev.chorus.postgres.PostgresEventStore;
import dev.chorus.postgres.PostgresStateStore;
import dev.chorus.server.PortInUse;
import dev.chorus.shop.ShopRole;
import dev.chorus.testkit.kafka.KafkaFixture;
import dev.chorus.testkit.postgres.PostgresFixture;
import dev.chorus.testkit.postgres.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every role of the shop as its own {@link ShopProcess} (here in one JVM), each on its own PostgreSQL schema,
 * facts travelling between them only through a real Kafka broker: the saga's paths through the HTTP API.
 */
class ShopOnKafkaTest {
    private static final Duration SETTLE = Duration.ofSeconds(60);

    private static TestDatabase database;
    private static KafkaSettings kafka;
    private static String prefix;
    private static final List<ShopProcess> processes = new ArrayList<>();
    private static ShopApiClient api;

    @BeforeAll
    static void startTheShop() throws Exception {
        database = PostgresFixture.shared().newDatabase();
        kafka = KafkaSettings.of(KafkaFixture.bootstrapServers());
        prefix = "t" + Long.toHexString(System.nanoTime()) + "_";
        for (var role : ShopRole.values()) {
            processes.add(ShopProcess.start(ProcessConfig.of(role, kafka, database.jdbcUrlWithCredentials(), c -> {
                c.port = 0;
                c.schema = prefix + role.id();
            }), line -> { }));
        }
        var gateway = processes.stream().filter(p -> p.config().role() == ShopRole.API).findFirst().orElseThrow();
        api = new ShopApiClient(gateway.served().get(60, TimeUnit.SECONDS));
    }

    @AfterAll
    static void stopTheShop() {
        processes.reversed().forEach(ShopProcess::close);
        if (database != null) {
            database.close();
        }
    }

    @Test
    void an_api_process_whose_port_is_taken_stops_with_the_typed_error_instead_of_running_on() throws Exception {
        var gateway = processes.stream().filter(p -> p.config().role() == ShopRole.API).findFirst().orElseThrow();
        int taken = gateway.served().get(60, TimeUnit.SECONDS).getPort();
        var config = ProcessConfig.of(ShopRole.API, kafka, database.jdbcUrlWithCredentials(), c -> {
            c.port = taken;
            c.schema = prefix + "api_second";
        });

        var out = new ByteArrayOutputStream();
        var thrown = catchThrowable(() -> ShopProcessMain.runUntilStopped(config, new PrintStream(out, true)));

        assertThat(thrown).isInstanceOf(PortInUse.class).hasMessageContaining(Integer.toString(taken));
        assertThat(out.toString()).doesNotContain("ready");
    }

    @Test
    void a_process_started_where_no_broker_listens_fails_once_and_sets_nothing_up() throws Exception {
        String nowhere;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nowhere = "127.0.0.1:" + socket.getLocalPort();
        }
        String schema = prefix + "orders_nowhere";
        var config = ProcessConfig.of(ShopRole.ORDERS, KafkaSettings.of(nowhere), database.jdbcUrlWithCredentials(),
                c -> {
                    c.schema = schema;
                    c.brokerWait = Duration.ofMillis(300);
                });
        var lines = new CopyOnWriteArrayList<String>();

        var thrown = catchThrowable(() -> ShopProcess.start(config, lines::add));

        assertThat(thrown).isInstanceOf(KafkaUnavailable.class).hasMessageContaining("nothing accepted a connection at "
                + nowhere);
        assertThat(lines).containsExactly("waiting up to 300 ms for a Kafka broker at " + nowhere);
        assertNoSchema(schema);
    }

    private static void assertNoSchema(String schema) throws SQLException {
        try (var connection = database.connect();
             var query = connection.prepareStatement("select 1 from information_schema.schemata where schema_name = ?")) {
            query.setString(1, schema);
            assertThat(query.executeQuery().next()).as("schema " + schema + " created").isFalse();
        }
    }

    @Test
    void a_schema_whose_role_keeps_its_facts_in_a_data_directory_refuses_a_process_that_keeps_them_elsewhere(
            @TempDir Path tmp) {
        // given a schema that payments, started on the log in a data directory, recorded as that log's
        String schema = prefix + "payments_log";
        try (var state = PostgresStateStore.open(PostgresConfig.of(database.jdbcUrlWithCredentials(),
                c -> c.schema = schema))) {
            FactsLocation.claim(state, schema, FactsLocation.log(tmp.resolve("first")), false);
            FactsLocation.remember(state, tmp.resolve("first"));
        }
        Function<Path, ProcessConfig> payments = dir -> ProcessConfig.of(ShopRole.PAYMENTS, kafka,
                database.jdbcUrlWithCredentials(), c -> {
                    c.schema = schema;
                    c.dataDir = dir;
                });

        // when payments is started on it with its facts in PostgreSQL, or in another data directory
        var onPostgres = catchThrowable(() -> ShopProcess.start(payments.apply(null), line -> { }));
        var onAnotherLog = catchThrowable(() -> ShopProcess.start(payments.apply(tmp.resolve("second")), line -> { }));

        // then both are refused before anything runs, naming where the role last ran, and the new directory is not made
        assertThat(onPostgres).isInstanceOf(FactsElsewhere.class).hasMessageContaining("in PostgreSQL")
                .hasMessageContaining("(last run with --data-dir " + tmp.resolve("first").toAbsolutePath() + ")");
        assertThat(onAnotherLog).isInstanceOf(FactsElsewhere.class).hasMessageContaining("data directory");
        assertThat(tmp.resolve("second")).doesNotExist();
    }

    @Test
    void a_schema_whose_events_table_holds_facts_refuses_a_process_on_a_data_directory_before_making_it(
            @TempDir Path tmp) {
        // given a schema written before locations were recorded: facts in its events table, no checkpoint yet
        String schema = prefix + "payments_old";
        try (var events = PostgresEventStore.open(PostgresConfig.of(database.jdbcUrlWithCredentials(),
                c -> c.schema = schema))) {
            events.append("credit-1", ExpectedVersion.any(), NewEvent.of(EventType.of("Old", 1), new byte[] {'{', '}'}));
        }

        // when payments is started on it with a data directory
        var thrown = catchThrowable(() -> ShopProcess.start(ProcessConfig.of(ShopRole.PAYMENTS, kafka,
                database.jdbcUrlWithCredentials(), c -> {
                    c.schema = schema;
                    c.dataDir = tmp.resolve("logs");
                }), line -> { }));

        // then it is refused, and the directory was never made
        assertThat(thrown).isInstanceOf(FactsElsewhere.class).hasMessageContaining("in PostgreSQL");
        assertThat(tmp.resolve("logs")).doesNotExist();
    }

    @Test
    void the_api_lists_and_shows_a_services_dead_letters_beside_its_own_and_asks_the_service_to_retry_them()
            throws Exception {
        // given a dead letter of a payments handler, mirrored to its topic as the payments process does
        String handler = "payments.board" + Long.toHexString(System.nanoTime());
        try (var events = new InMemoryEventStore(); var state = new InMemoryStateStore()) {
            events.append("credit-7", ExpectedVersion.noStream(), List.of(NewEvent.of(EventType.of("Test", 1),
                    new byte[] {'{', '}'})));
            var letter = DeadLetter.of(handler, events.readAll(0, 1).getFirst(),
                    new Failure("java.lang.IllegalStateException", "no account", ""), 4, Instant.EPOCH, Instant.EPOCH,
                    false);
            new DeadLetterStore(state).put(letter);
            try (var mirror = DeadLetterPublisher.start(kafka, "payments", state, events, Duration.ofHours(1))) {
                mirror.publishNow();
            }

            // when the API is asked for dead letters, for this one, and to retry it
            String id = letter.id().toString();
            assertThat(api.statusOnceFound("/api/dead-letters/" + id, SETTLE)).isEqualTo(200);
            var listed = api.get("/api/dead-letters?handler=" + handler).body().get("deadLetters");
            var retried = api.post("/api/dead-letters/" + id + "/retry", Map.of());

            // then it lists and shows it as payments', and asks payments to retry it (whose store, unlike this test's
            // mirror, does not hold it: it drops the request)
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).get("service").asString()).isEqualTo("payments");
            assertThat(listed.get(0).get("attempts").asInt()).isEqualTo(4);
            assertThat(retried.status()).isEqualTo(202);
            assertThat(retried.body().get("requested").asString()).isEqualTo("retry");
        }
    }

    @Test
    void an_order_with_stock_and_credit_ships_and_one_without_credit_is_cancelled() throws Exception {
        String ada = api.registerCustomer("Ada", 1_000);
        String bob = api.registerCustomer("Bob", 10);
        api.addStock("sku-k1", 10);

        String shipped = api.placeOrder(ada, "sku-k1", 2, 100);
        String unpaid = api.placeOrder(bob, "sku-k1", 1, 100);

        assertThat(api.settledStatus(shipped, SETTLE)).isEqualTo("SHIPPED");
        assertThat(api.settledStatus(unpaid, SETTLE)).isEqualTo("CANCELLED");
        assertThat(api.get("/api/orders/" + unpaid).body().get("reason").asString()).startsWith("payment-failed");
    }

    @Test
    void an_order_without_stock_is_cancelled_and_reads_see_the_callers_writes() throws Exception {
        String ada = api.registerCustomer("Ada", 1_000);
        assertThat(api.get("/api/customers/" + ada).status()).as("read-your-writes").isEqualTo(200);

        String order = api.placeOrder(ada, "sku-none", 1, 5);

        assertThat(api.settledStatus(order, SETTLE)).isEqualTo("CANCELLED");
        assertThat(api.get("/api/orders/" + order).body().get("reason").asString()).startsWith("out-of-stock");
    }

    @Test
    void a_second_orders_store_fed_the_same_requests_publishes_only_what_the_first_one_did() throws Exception {
        // given an order that shipped
        String ada = api.registerCustomer("Ada", 10_000);
        api.addStock("sku-twice", 10);
        String order = api.placeOrder(ada, "sku-twice", 1, 5);
        assertThat(api.settledStatus(order, SETTLE)).isEqualTo("SHIPPED");
        String placedId = orderPlacedIds(prefix + "orders", order).getFirst();

        // when a second orders process runs on a store of its own, which reads every request from the start
        String again = prefix + "orders_again";
        try (var second = ShopProcess.start(ProcessConfig.of(ShopRole.ORDERS, kafka, database.jdbcUrlWithCredentials(),
                c -> c.schema = again), line -> { })) {
            long deadline = System.nanoTime() + SETTLE.toNanos();
            while (orderPlacedIds(again, order).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            // then it places the order again under the first store's id, which the API's store skips as a copy
            assertThat(orderPlacedIds(again, order)).containsExactly(placedId);
            // once the API's inbox has read past both stores' records of it (with ids drawn at random, the second
            // one reached the API's store as another fact)
            awaitApiInboxPast(recordsOf(ChorusTopics.serviceTopic("orders"), placedId, 2));
            assertThat(orderPlacedIds(prefix + "api", order)).containsExactly(placedId);
        }
        assertThat(api.get("/api/orders/" + order).body().get("status").asString()).isEqualTo("SHIPPED");
    }

    /** Where {@code topic} holds records with CloudEvents id {@code eventId}, once it holds {@code count} of them. */
    private static Map<TopicPartition, Long> recordsOf(String topic, String eventId, int count) throws Exception {
        var found = new HashMap<TopicPartition, Long>();
        long deadline = System.nanoTime() + SETTLE.toNanos();
        try (var consumer = new KafkaConsumer<byte[], byte[]>(kafka.consumer("test-reader-" + System.nanoTime(),
                "test-reader"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            int seen = 0;
            while (seen < count && System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    var id = record.headers().lastHeader("ce_id");
                    if (id != null && eventId.equals(new String(id.value(), StandardCharsets.UTF_8))) {
                        found.merge(new TopicPartition(topic, record.partition()), record.offset(), Math::max);
                        seen++;
                    }
                }
            }
            assertThat(seen).as("records of %s on %s", eventId, topic).isGreaterThanOrEqualTo(count);
        }
        return found;
    }

    /** Waits until the API's inbox has committed offsets past each of {@code offsets}. */
    private static void awaitApiInboxPast(Map<TopicPartition, Long> offsets) throws Exception {
        String group = ProcessConfig.of(ShopRole.API, kafka, database.jdbcUrlWithCredentials(),
                c -> c.schema = prefix + "api").inboxGroup();
        long deadline = System.nanoTime() + SETTLE.toNanos();
        try (var admin = Admin.create(kafka.admin("test-admin"))) {
            while (true) {
                var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                if (offsets.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                        && committed.get(e.getKey()).offset() > e.getValue())) {
                    return;
                }
                assertThat(System.nanoTime()).as("the API's inbox %s past %s; committed %s", group, offsets, committed)
                        .isLessThan(deadline);
                Thread.sleep(100);
            }
        }
    }

    /** The ids of the {@code OrderPlaced} facts of {@code order} in the events table of {@code schema}. */
    private static List<String> orderPlacedIds(String schema, String order) throws SQLException {
        try (var connection = database.connect(); var query = connection.prepareStatement("SELECT event_id FROM "
                + schema + ".events WHERE stream_id = ? AND type_name LIKE '%OrderPlaced' ORDER BY position")) {
            query.setString(1, "order-" + order);
            var ids = new ArrayList<String>();
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
            return ids;
        } catch (SQLException noTableYet) {
            if ("42P01".equals(noTableYet.getSQLState())) {
                return List.of();
            }
            throw noTableYet;
        }
    }

    @Test
    void a_second_api_on_its_own_schema_serves_every_customer_and_leaves_the_first_one_all_of_them() throws Exception {
        try (var second = ShopProcess.start(ProcessConfig.of(ShopRole.API, kafka, database.jdbcUrlWithCredentials(),
                c -> {
                    c.port = 0;
                    c.schema = prefix + "api_b";
                }), line -> { })) {
            var other = new ShopApiClient(second.served().get(60, TimeUnit.SECONDS));
            // spread over the topics' partitions: a second store sharing the first one's consumer group took half
            var customers = new ArrayList<String>();
            for (int i = 0; i < 12; i++) {
                customers.add(api.registerCustomer("Customer " + i, 100));
            }

            for (String customer : customers) {
                assertThat(other.statusOnceFound("/api/customers/" + customer, SETTLE)).as("the second API")
                        .isEqualTo(200);
                assertThat(api.get("/api/customers/" + customer).status()).as("the first API").isEqualTo(200);
            }
            String order = other.placeOrder(customers.getFirst(), "sku-none", 1, 5);
            assertThat(other.settledStatus(order, SETTLE)).isEqualTo("CANCELLED");
        }
    }

    @Test
    void an_api_whose_port_is_taken_is_refused_before_it_sets_anything_up() throws Exception {
        String schema = prefix + "api_c";
        int port;
        Throwable thrown;
        try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = taken.getLocalPort();
            thrown = catchThrowable(() -> ShopProcess.start(ProcessConfig.of(ShopRole.API, kafka,
                    database.jdbcUrlWithCredentials(), c -> {
                        c.port = port;
                        c.schema = schema;
                    }), line -> { }).close());
        }

        assertThat(thrown).isInstanceOf(PortInUse.class).hasMessageContaining(Integer.toString(port));
        assertNoSchema(schema);
    }

    @Test
    void an_api_on_an_existing_schema_whose_port_is_taken_starts_as_a_standby_and_says_so_when_it_leads()
            throws Exception {
        String schema = prefix + "api_d";
        PostgresStateStore.open(PostgresConfig.of(database.jdbcUrlWithCredentials(), c -> c.schema = schema)).close();
        try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             var process = ShopProcess.start(ProcessConfig.of(ShopRole.API, kafka, database.jdbcUrlWithCredentials(),
                     c -> {
                         c.port = taken.getLocalPort();
                         c.schema = schema;
                     }), line -> { })) {
            assertThat(process.served()).failsWithin(Duration.ofSeconds(60))
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .havingCause().withMessageContaining(Integer.toString(taken.getLocalPort()));
        }
    }

    @Test
    void bad_input_and_unknown_customers_are_refused_with_json_errors() throws Exception {
        var unknown = api.post("/api/orders", Map.of("customerId", "nobody", "lines",
                List.of(Map.of("sku", "s", "quantity", 1, "unitPrice", 1))));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.body().get("error").asString()).isEqualTo("unknown-customer");

        var bad = api.post("/api/customers", Map.of("name", "X", "email", "not-an-email", "address", "a",
                "creditLimit", 1));
        assertThat(bad.status()).isEqualTo(422);
    }
}
