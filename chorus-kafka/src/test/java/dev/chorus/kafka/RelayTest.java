package dev.chorus.kafka;

import static dev.chorus.kafka.TopicReader.header;
import static dev.chorus.kafka.TopicReader.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.EventImporter;
import dev.chorus.core.EventType;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.ImportedEvent;
import dev.chorus.core.Metadata;
import dev.chorus.core.NewEvent;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.memory.InMemoryEventStore;
import dev.chorus.core.memory.InMemoryStateStore;
import dev.chorus.core.state.Checkpoints;
import dev.chorus.core.state.StateEntry;
import dev.chorus.core.state.StateStore;
import dev.chorus.core.state.StateWrite;
import dev.chorus.log.EmbeddedLog;
import dev.chorus.log.LogConfig;
import dev.chorus.testkit.kafka.KafkaFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelayTest {
    private static final EventType PLACED = EventType.of("OrderPlaced", 2);

    private final InMemoryEventStore store = new InMemoryEventStore();
    private final InMemoryStateStore state = new InMemoryStateStore();
    private final String topic = KafkaFixture.uniqueTopic("chorus.orders");
    private final RelayConfig config = RelayConfig.forService("orders").withTopic(topic).withPartitions(3)
            .withMaxInFlight(16);
    private final KafkaSettings settings = KafkaSettings.of(KafkaFixture.bootstrapServers());
    private final List<Relay> relays = new ArrayList<>();

    @AfterEach
    void close() {
        relays.forEach(Relay::close);
        store.close();
        state.close();
    }

    private Relay start(StateStore checkpoints) {
        var relay = Relay.start(settings, store, checkpoints, config);
        relays.add(relay);
        return relay;
    }

    /** {@code perStream} events on each of {@code streams} streams, the streams interleaved. */
    private void append(int streams, int perStream, int from) {
        for (int n = from; n < from + perStream; n++) {
            for (int s = 0; s < streams; s++) {
                var data = ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8);
                store.append("order-" + s, ExpectedVersion.any(), List.of(NewEvent.of(PLACED, data)));
            }
        }
    }

    private List<String> storedIds() {
        return store.readAll(0, 1_000).stream().map(RecordedEvent::eventId).toList();
    }

    private void awaitCaughtUp(Relay relay) {
        Await.until("the relay to catch up", () -> relay.checkpoint() == store.headPosition(), relay::toString);
    }

    @Test
    void publishes_every_own_event_once_keyed_by_stream_in_stream_order_with_cloudevents_headers() {
        append(5, 20, 0);

        var relay = start(state);
        awaitCaughtUp(relay);

        var records = TopicReader.read(topic, 100);
        assertThat(records).hasSize(100);
        assertThat(records).extracting(r -> header(r, "ce_id")).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(storedIds());
        var partitionsOfStream = new HashMap<String, Integer>();
        var lastOfStream = new HashMap<String, Integer>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String stream = key(record);
            assertThat(partitionsOfStream.computeIfAbsent(stream, s -> record.partition()))
                    .as("every event of %s in one partition", stream).isEqualTo(record.partition());
            int n = Integer.parseInt(new String(record.value(), StandardCharsets.UTF_8).replaceAll("\\D", ""));
            assertThat(n).as("%s in order", stream).isEqualTo(lastOfStream.getOrDefault(stream, -1) + 1);
            lastOfStream.put(stream, n);
        }
        assertThat(new HashSet<>(partitionsOfStream.values())).as("streams spread over partitions")
                .hasSizeGreaterThan(1);

        var first = store.readAll(0, 1).getFirst();
        var sent = records.stream().filter(r -> header(r, "ce_id").equals(first.eventId())).findFirst().orElseThrow();
        assertThat(header(sent, "ce_specversion")).isEqualTo("1.0");
        assertThat(header(sent, "ce_source")).isEqualTo("/chorus/orders");
        assertThat(header(sent, "ce_type")).isEqualTo("OrderPlaced");
        assertThat(header(sent, "ce_chorustypeversion")).isEqualTo("2");
        assertThat(header(sent, "ce_time")).isEqualTo(first.metadata().get(Metadata.RECORDED_AT));
        assertThat(header(sent, "ce_correlationid")).isEqualTo(first.correlationId());
        assertThat(header(sent, "content-type")).isEqualTo("application/json");
        assertThat(sent.value()).isEqualTo(first.data());
        assertThat(Checkpoints.load(state, "relay/" + topic)).isEqualTo(100);
        assertThat(relay.lag()).isZero();
        assertThat(relay.published()).isEqualTo(100);
        assertThat(relay.status()).isEqualTo(BridgeStatus.RUNNING);
    }

    @Test
    void follows_events_appended_while_it_runs() {
        var relay = start(state);
        append(2, 3, 0);
        awaitCaughtUp(relay);

        append(2, 3, 3);
        awaitCaughtUp(relay);

        assertThat(TopicReader.read(topic, 12)).hasSize(12);
    }

    @Test
    void never_sends_back_the_facts_it_imported_from_others() {
        append(1, 2, 0);
        store.importEvents(List.of(new ImportedEvent("payment-1", new NewEvent(EventType.of("PaymentAuthorized", 1),
                "{}".getBytes(StandardCharsets.UTF_8),
                Map.of(Metadata.EVENT_ID, "from-payments-1", EventImporter.IMPORTED_FROM, "chorus.payments")))));
        append(1, 1, 2);

        var relay = start(state);
        awaitCaughtUp(relay);

        var records = TopicReader.read(topic, 3);
        assertThat(records).extracting(r -> header(r, "ce_type")).containsOnly("OrderPlaced").hasSize(3);
        assertThat(relay.checkpoint()).isEqualTo(4);
    }

    @Test
    void a_restart_resumes_from_its_checkpoint_without_loss_or_repeat() {
        append(2, 5, 0);
        var first = start(state);
        awaitCaughtUp(first);
        first.close();
        assertThat(first.status()).isEqualTo(BridgeStatus.STOPPED);
        assertThat(first.completion()).isCompleted();

        append(2, 5, 5);
        var second = start(state);
        awaitCaughtUp(second);

        var records = TopicReader.read(topic, 20);
        assertThat(records).hasSize(20).extracting(r -> header(r, "ce_id")).doesNotHaveDuplicates();
        assertThat(second.published()).isEqualTo(10);
    }

    @Test
    void a_relay_whose_checkpoint_cannot_be_saved_fails_visibly_and_a_new_one_loses_nothing() {
        append(3, 10, 0);
        var broken = new AtomicBoolean(true);
        var failing = new FailingCheckpoints(state, broken);

        var relay = start(failing);
        Await.until("the relay to fail", () -> relay.completion().isDone());

        assertThat(relay.completion()).isCompletedExceptionally();
        assertThat(((BridgeStatus.Failed) relay.status()).cause()).isInstanceOf(RelayFailed.class);
        assertThat(relay.checkpoint()).isZero();
        relay.close();

        broken.set(false);
        var restarted = start(state);
        awaitCaughtUp(restarted);
        var ids = TopicReader.read(topic, 30).stream().map(r -> header(r, "ce_id")).toList();
        assertThat(new HashSet<>(ids)).as("every event, perhaps some twice: consumers skip them by id")
                .containsExactlyInAnyOrderElementsOf(storedIds());
    }

    @Test
    void relays_from_the_embedded_log_too(@TempDir Path dir) {
        try (var log = EmbeddedLog.open(LogConfig.defaults(dir))) {
            for (int i = 0; i < 10; i++) {
                log.append("order-" + (i % 3), ExpectedVersion.any(),
                        List.of(NewEvent.of(PLACED, "{}".getBytes(StandardCharsets.UTF_8))));
            }
            try (var relay = Relay.start(settings, log, state, config)) {
                Await.until("the relay to catch up", () -> relay.checkpoint() == 10, relay::toString);
                assertThat(relay.lag()).isZero();
            }
        }
        assertThat(TopicReader.read(topic, 10)).hasSize(10);
    }

    @Test
    void a_producer_that_fails_for_good_is_replaced_by_a_new_one_that_resumes_from_the_checkpoint() {
        append(3, 10, 0);
        var producers = new AtomicInteger();
        var slowRetries = config.withBackoff(Duration.ofMillis(500), Duration.ofMillis(500));

        var relay = Relay.start(settings, store, state, slowRetries, properties -> producers.incrementAndGet() == 1
                ? new RefusingProducer(properties, 12) : new KafkaProducer<>(properties));
        relays.add(relay);
        Await.until("the relay to retry", () -> relay.status() instanceof BridgeStatus.Retrying, relay::toString);
        var retrying = (BridgeStatus.Retrying) relay.status();
        awaitCaughtUp(relay);

        assertThat(retrying.lastFailure()).contains("OutOfOrderSequenceException");
        assertThat(producers).as("the refused producer replaced once").hasValue(2);
        assertThat(relay.status()).isEqualTo(BridgeStatus.RUNNING);
        assertThat(Checkpoints.load(state, "relay/" + topic)).isEqualTo(30);
        var ids = TopicReader.read(topic, 30).stream().map(r -> header(r, "ce_id")).toList();
        assertThat(new HashSet<>(ids)).as("every event, those sent before the failure perhaps twice")
                .containsExactlyInAnyOrderElementsOf(storedIds());
    }

    @Test
    void a_record_the_broker_can_never_take_stops_the_relay_before_it() {
        append(1, 3, 0);
        store.append("order-big", ExpectedVersion.any(), List.of(NewEvent.of(PLACED,
                ("{\"pad\":\"" + "x".repeat(4_000) + "\"}").getBytes(StandardCharsets.UTF_8))));
        append(1, 1, 3);
        var smallRequests = new KafkaSettings(KafkaFixture.bootstrapServers(), Map.of("max.request.size", "2000"));

        var relay = Relay.start(smallRequests, store, state, config);
        relays.add(relay);
        Await.until("the relay to fail", () -> relay.completion().isDone(), relay::toString);

        var failure = ((BridgeStatus.Failed) relay.status()).cause();
        assertThat(failure).isInstanceOf(RelayFailed.class).hasCauseInstanceOf(RecordTooLargeException.class);
        assertThat(relay.checkpoint()).as("stopped before the big one").isEqualTo(3);
        assertThat(relay.completion()).isCompletedExceptionally();
    }

    /** A real producer whose sends are refused for good after the first {@code accepted}, as a fenced one's are. */
    private static final class RefusingProducer extends KafkaProducer<byte[], byte[]> {
        private final int accepted;
        private final AtomicInteger sends = new AtomicInteger();

        RefusingProducer(Map<String, Object> properties, int accepted) {
            super(properties);
            this.accepted = accepted;
        }

        @Override
        public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
            if (sends.incrementAndGet() <= accepted) {
                return super.send(record, callback);
            }
            var refused = new OutOfOrderSequenceException("the broker refused the sequence numbers (injected)");
            if (callback != null) {
                callback.onCompletion(null, refused);
            }
            return CompletableFuture.failedFuture(refused);
        }
    }

    /** A state store whose commits fail while {@code broken}: a relay that cannot move its checkpoint must stop. */
    private record FailingCheckpoints(StateStore delegate, AtomicBoolean broken) implements StateStore {
        @Override
        public Optional<byte[]> get(String key) {
            return delegate.get(key);
        }

        @Override
        public List<StateEntry> scan(String prefix, String afterKey, int limit) {
            return delegate.scan(prefix, afterKey, limit);
        }

        @Override
        public void commit(List<StateWrite> writes) {
            if (broken.get()) {
                throw new IllegalStateException("disk full");
            }
            delegate.commit(writes);
        }

        @Override
        public void close() {}
    }
}
