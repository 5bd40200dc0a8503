package dev.chorus.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.handler.DeadLetterQuery;
import dev.chorus.core.handler.DeadLetterStatus;
import dev.chorus.core.handler.DeadLetters;
import dev.chorus.core.handler.HandlerConfig;
import dev.chorus.core.handler.HandlerRegistration;
import dev.chorus.core.handler.Handlers;
import dev.chorus.distributed.internal.RequestedRetries;
import dev.chorus.json.JsonEventCodec;
import dev.chorus.kafka.DeadLetterPublisher;
import dev.chorus.kafka.Inbox;
import dev.chorus.kafka.InboxConfig;
import dev.chorus.kafka.KafkaSettings;
import dev.chorus.kafka.Relay;
import dev.chorus.kafka.RelayConfig;
import dev.chorus.postgres.PostgresConfig;
import dev.chorus.postgres.PostgresEventStore;
import dev.chorus.postgres.PostgresStateStore;
import dev.chorus.testkit.kafka.KafkaFixture;
import dev.chorus.testkit.postgres.PostgresFixture;
import dev.chorus.testkit.postgres.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A poison event, on a real broker and a real PostgreSQL: a fact another service published reaches a handler
 * whose code cannot handle it. The event goes to the dead-letter store and, through the mirror, to the handler's
 * dead-letter topic with the failure in its headers; the other events go on; once the fix is deployed, the
 * operator's retry from another process (what {@code chorus dlq retry --postgres} does) is performed by the running
 * handler, which handles the event once, and the topic gets the dead letter's resolved state.
 */
class PoisonEventTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration PASS = Duration.ofMillis(200);
    private static final String HANDLER = "invoicing";

    /** What the upstream service publishes. */
    record InvoiceRequested(String orderId, long amount, int parts) {}

    private static final JsonEventCodec<InvoiceRequested> CODEC = JsonEventCodec.builder(InvoiceRequested.class)
            .register(InvoiceRequested.class, "test.InvoiceRequested", 1).build();

    private final KafkaSettings kafka = KafkaSettings.of(KafkaFixture.bootstrapServers());
    private final String upstream = KafkaFixture.uniqueTopic("sales");
    private final String service = KafkaFixture.uniqueTopic("billing");
    private final List<AutoCloseable> running = new ArrayList<>();
    private final AtomicBoolean fixDeployed = new AtomicBoolean();
    private final List<String> invoiced = new CopyOnWriteArrayList<>();
    private TestDatabase database;
    private PostgresEventStore sales;
    private PostgresEventStore billing;
    private PostgresStateStore billingState;

    @BeforeEach
    void start() {
        database = PostgresFixture.shared().newDatabase();
        // the upstream service: its store, relayed to its topic
        sales = open(PostgresEventStore::open, "sales");
        var salesState = open(PostgresStateStore::open, "sales");
        running.add(Relay.start(kafka, sales, salesState, RelayConfig.forService(upstream)));
        // this service: an inbox importing the upstream facts, the handler, and its dead letters mirrored to Kafka
        billing = open(PostgresEventStore::open, "billing");
        billingState = open(PostgresStateStore::open, "billing");
        running.add(Inbox.start(kafka, billing, InboxConfig.reactingTo(service, upstream)));
        var handlers = new Handlers(billing, billingState, new DeadLetters(billingState, Clock.systemUTC()),
                HandlerConfig.defaults());
        running.add(handlers);
        handlers.start(HandlerRegistration.of(HANDLER, CODEC, (invoice, context) -> {
            // the bug: an order split into zero parts divides by zero, until the fix is deployed
            long perPart = fixDeployed.get() && invoice.parts() == 0 ? invoice.amount()
                    : invoice.amount() / invoice.parts();
            invoiced.add(invoice.orderId() + ":" + perPart);
        }).idempotent());
        running.add(DeadLetterPublisher.start(kafka, service, billingState, billing, PASS));
        running.add(RequestedRetries.start(handlers.deadLetters(), PASS, line -> { }));
    }

    @AfterEach
    void stop() throws Exception {
        for (var part : running.reversed()) {
            part.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void a_poison_event_goes_to_the_dead_letter_topic_and_a_retry_after_the_fix_handles_it_once() throws Exception {
        // given three invoices published upstream, the second of which the handler's code cannot handle
        publish(new InvoiceRequested("order-1", 100, 2));
        var poison = publish(new InvoiceRequested("order-2", 70, 0));
        publish(new InvoiceRequested("order-3", 90, 3));

        // then the others are handled and the poison one is a dead letter in the service's state store
        await("the good invoices are handled", () -> invoiced.size() == 2);
        assertThat(invoiced).as("streams on other partitions come in any order")
                .containsExactlyInAnyOrder("order-1:50", "order-3:30");
        var operator = new DeadLetters(open(PostgresStateStore::open, "billing"), Clock.systemUTC());
        var letter = operator.list(DeadLetterQuery.pending()).getFirst();
        assertThat(letter.eventId()).isEqualTo(poison.eventId());
        assertThat(letter.failure().errorClass()).isEqualTo(ArithmeticException.class.getName());
        // and on the handler's dead-letter topic, with the event and why it failed
        String topic = "chorus." + service + "." + HANDLER + ".dlq";
        var opened = awaitRecords(topic, records -> !records.isEmpty()).getFirst();
        assertThat(key(opened)).isEqualTo(letter.id().toString());
        assertThat(header(opened, DeadLetterPublisher.HANDLER)).isEqualTo(HANDLER);
        assertThat(header(opened, DeadLetterPublisher.STATUS)).isEqualTo("open");
        assertThat(header(opened, DeadLetterPublisher.ATTEMPTS)).isEqualTo("1");
        assertThat(header(opened, DeadLetterPublisher.FAILURE_CLASS)).isEqualTo("java.lang.ArithmeticException");
        assertThat(header(opened, DeadLetterPublisher.FAILURE_MESSAGE)).isEqualTo("/ by zero");
        assertThat(header(opened, "ce_id")).isEqualTo(poison.eventId());
        assertThat(header(opened, "ce_type")).isEqualTo("test.InvoiceRequested");
        assertThat(new String(opened.value(), StandardCharsets.UTF_8)).contains("\"orderId\":\"order-2\"");

        // when the fix is deployed and the operator retries from another process, as chorus dlq retry does
        fixDeployed.set(true);
        var requested = operator.retry(letter.id());
        assertThat(requested.status()).as("only recorded: the handler runs elsewhere")
                .isInstanceOf(DeadLetterStatus.RetryRequested.class);

        // then the running handler performs the retry: the invoice is handled once, the dead letter resolved
        await("the dead letter is resolved", () -> operator.show(letter.id()).status()
                instanceof DeadLetterStatus.Resolved);
        assertThat(invoiced).containsExactlyInAnyOrder("order-1:50", "order-3:30", "order-2:70");
        assertThat(invoiced.getLast()).isEqualTo("order-2:70");
        assertThat(operator.list(DeadLetterQuery.pending())).isEmpty();
        // and the topic's latest record for the dead letter says so
        var records = awaitRecords(topic, all -> "resolved".equals(header(all.getLast(), DeadLetterPublisher.STATUS)));
        assertThat(records).allSatisfy(record -> assertThat(key(record)).isEqualTo(letter.id().toString()));
        assertThat(records.getFirst()).satisfies(first -> assertThat(header(first, DeadLetterPublisher.STATUS))
                .isEqualTo("open"));
        assertThat(header(records.getLast(), "ce_id")).isEqualTo(poison.eventId());
        // and nothing is handled again later
        Thread.sleep(PASS.multipliedBy(3).toMillis());
        assertThat(invoiced).hasSize(3);
    }

    private RecordedEvent publish(InvoiceRequested invoice) {
        var encoded = CODEC.encode(invoice);
        sales.append(invoice.orderId(), ExpectedVersion.noStream(), NewEvent.of(encoded.type(), encoded.data()));
        return sales.readStream(invoice.orderId()).getFirst();
    }

    private <T extends AutoCloseable> T open(Function<PostgresConfig, T> opener, String schema) {
        var store = opener.apply(PostgresConfig.of(database.jdbcUrlWithCredentials(), c -> c.schema = schema));
        running.add(store);
        return store;
    }

    /** Every record of {@code topic} from the start, as Kafka tooling sees them, once they pass {@code until}. */
    private List<ConsumerRecord<byte[], byte[]>> awaitRecords(String topic,
                                                              Predicate<List<ConsumerRecord<byte[], byte[]>>> until)
            throws InterruptedException {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        long deadline = System.nanoTime() + WAIT.toNanos();
        try (var consumer = new KafkaConsumer<byte[], byte[]>(props)) {
            var records = new ArrayList<ConsumerRecord<byte[], byte[]>>();
            while (true) {
                if (consumer.assignment().isEmpty()) {
                    var partitions = consumer.partitionsFor(topic).stream()
                            .map(info -> new TopicPartition(topic, info.partition())).toList();
                    consumer.assign(partitions);
                    consumer.seekToBeginning(partitions);
                }
                if (!consumer.assignment().isEmpty()) {
                    consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                }
                if (!records.isEmpty() && until.test(records)) {
                    return records;
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("topic " + topic + " did not get the expected records in " + WAIT
                            + "; it holds " + records.size());
                }
                Thread.sleep(50);
            }
        }
    }

    private static String key(ConsumerRecord<byte[], byte[]> record) {
        return new String(record.key(), StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
        var header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(what + ": not within " + WAIT);
            }
            Thread.sleep(50);
        }
    }
}
