package dev.chorus.kafka;

import dev.chorus.core.AllReader;
import dev.chorus.core.handler.DeadLetter;
import dev.chorus.core.handler.DeadLetterId;
import dev.chorus.core.handler.DeadLetterQuery;
import dev.chorus.core.handler.DeadLetterStore;
import dev.chorus.core.state.StateStore;
import dev.chorus.core.state.StateWrite;
import dev.chorus.kafka.internal.TopicAdmin;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Mirrors the dead letters of a service's handlers (and sagas and projections) from its state store to Kafka,
 * one topic per handler, {@code chorus.<service>.<handler>.dlq}, so that Kafka tooling sees them. The state store
 * stays the truth: list, retry and discard are the same operations as embedded ({@code DeadLetters}, the
 * {@code chorus dlq} command), and the mirror publishes each change of a dead letter (new, failed again, retry
 * requested, resolved, discarded) as a record keyed by the dead-letter id ({@code <handler>@<position>}), the
 * latest record per key being its current state. The value is the event's data with its CloudEvents headers,
 * plus the {@value #HANDLER}… headers describing the dead letter.
 */
public final class DeadLetterPublisher implements AutoCloseable {
    public static final String HANDLER = "chorus.dlq.handler";
    public static final String STATUS = "chorus.dlq.status";
    public static final String ATTEMPTS = "chorus.dlq.attempts";
    public static final String FAILURE_CLASS = "chorus.dlq.failure.class";
    public static final String FAILURE_MESSAGE = "chorus.dlq.failure.message";
    public static final String FIRST_FAILED_AT = "chorus.dlq.first-failed-at";
    public static final String LAST_FAILED_AT = "chorus.dlq.last-failed-at";
    public static final String PARKS_STREAM = "chorus.dlq.parks-stream";
    /** When the status was reached (requested, resolved, discarded); absent while open. */
    public static final String STATUS_AT = "chorus.dlq.status-at";
    /** The failed event's stream, id, type name, type version and position in the service's store. */
    public static final String STREAM = "chorus.dlq.stream";
    public static final String EVENT_ID = "chorus.dlq.event-id";
    public static final String EVENT_TYPE = "chorus.dlq.event-type";
    public static final String EVENT_TYPE_VERSION = "chorus.dlq.event-type-version";
    public static final String POSITION = "chorus.dlq.position";

    /** Where the mirror remembers what it published, one key per pending dead letter. */
    static final String MARKER_PREFIX = "deadletter-mirror/";
    private static final int PAGE = 1_000;

    private final String service;
    private final String bootstrapServers;
    private final StateStore state;
    private final DeadLetterStore deadLetters;
    private final AllReader events;
    private final TopicAdmin admin;
    private final Producer<byte[], byte[]> producer;
    private final Duration interval;
    private final Set<String> topics = new HashSet<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CompletableFuture<Void> completion = new CompletableFuture<>();
    private final Thread thread;
    private volatile BridgeStatus status = BridgeStatus.RUNNING;
    private int attempts;

    private DeadLetterPublisher(KafkaSettings settings, String service, StateStore state, AllReader events,
                                Duration interval) {
        this.service = ChorusTopics.validate("service", service);
        this.bootstrapServers = settings.bootstrapServers();
        this.state = state;
        this.deadLetters = new DeadLetterStore(state);
        this.events = events;
        this.interval = interval;
        String clientId = "chorus-dlq-" + service;
        this.admin = new TopicAdmin(settings, clientId + "-admin", Duration.ofSeconds(30));
        this.producer = new KafkaProducer<>(settings.producer(clientId));
        this.thread = Thread.ofVirtual().name(clientId).unstarted(this::run);
    }

    /**
     * Mirrors the dead letters in {@code state} every {@code interval}, reading the events they name from
     * {@code events}, until closed.
     */
    public static DeadLetterPublisher start(KafkaSettings settings, String service, StateStore state,
                                            AllReader events, Duration interval) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(interval, "interval");
        var publisher = new DeadLetterPublisher(settings, service, state, events, interval);
        publisher.thread.start();
        return publisher;
    }

    /** The topic the dead letters of {@code handler} go to. */
    public String topicOf(String handler) {
        return ChorusTopics.handlerDeadLetterTopic(service, handler);
    }

    public BridgeStatus status() {
        return status;
    }

    public CompletableFuture<Void> completion() {
        return completion;
    }

    /**
     * Publishes every change since the last pass and waits for the broker; returns how many records it sent.
     *
     * @throws KafkaUnavailable the broker did not take them; nothing is marked as published
     */
    public int publishNow() {
        lock.lock();
        try {
            return publishChanges();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        stop.countDown();
        try {
            thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (stop.getCount() > 0) {
                try {
                    publishNow();
                    attempts = 0;
                    status = BridgeStatus.RUNNING;
                } catch (RuntimeException e) {
                    // A mirror: the dead letters are safe in the state store; try again on the next round.
                    attempts++;
                    status = new BridgeStatus.Retrying(e.toString(), attempts);
                }
                stop.await(interval.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            producer.close(Duration.ofSeconds(5));
            admin.close();
            status = BridgeStatus.STOPPED;
            completion.complete(null);
        }
    }

    private int publishChanges() {
        var published = markers();
        var changed = new ArrayList<DeadLetter>();
        var writes = new ArrayList<StateWrite>();
        var pending = new HashSet<DeadLetterId>();
        var query = DeadLetterQuery.pending().limit(PAGE);
        while (true) {
            var page = deadLetters.list(query);
            for (DeadLetter letter : page) {
                pending.add(letter.id());
                String signature = signature(letter);
                if (!signature.equals(published.get(letter.id()))) {
                    changed.add(letter);
                    writes.add(StateWrite.put(markerKey(letter.id()), signature.getBytes(StandardCharsets.UTF_8)));
                }
            }
            if (page.size() < PAGE) {
                break;
            }
            query = query.after(page.getLast().id());
        }
        for (DeadLetterId id : published.keySet()) {
            if (!pending.contains(id)) {
                // Resolved or discarded since the last pass: publish how it ended, then forget it.
                deadLetters.get(id).filter(letter -> !letter.status().isPending()).ifPresent(changed::add);
                writes.add(StateWrite.delete(markerKey(id)));
            }
        }
        var sent = new ArrayList<Future<RecordMetadata>>(changed.size());
        for (DeadLetter letter : changed) {
            String topic = topicOf(letter.handler());
            if (topics.add(topic)) {
                try {
                    admin.ensure(topic, 1, Replication.BROKER_DEFAULT);
                } catch (RuntimeException e) {
                    topics.remove(topic);
                    throw e;
                }
            }
            sent.add(producer.send(record(topic, letter)));
        }
        producer.flush();
        for (Future<RecordMetadata> future : sent) {
            try {
                future.get();
            } catch (ExecutionException e) {
                throw new KafkaUnavailable(bootstrapServers, "mirroring dead letters", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaUnavailable(bootstrapServers, "mirroring dead letters", e);
            }
        }
        if (!writes.isEmpty()) {
            state.commit(writes);
        }
        return changed.size();
    }

    private ProducerRecord<byte[], byte[]> record(String topic, DeadLetter letter) {
        var headers = new RecordHeaders();
        byte[] value = new byte[0];
        var found = events.readAll(letter.position(), 1);
        if (!found.isEmpty() && found.getFirst().eventId().equals(letter.eventId())) {
            var event = CloudEventsWire.encode(found.getFirst(), topic, ChorusTopics.source(service));
            event.headers().forEach(headers::add);
            value = event.value();
        }
        add(headers, HANDLER, letter.handler());
        add(headers, STATUS, letter.status().label());
        add(headers, ATTEMPTS, Integer.toString(letter.attempts()));
        add(headers, FAILURE_CLASS, letter.failure().errorClass());
        add(headers, FAILURE_MESSAGE, letter.failure().message());
        add(headers, FIRST_FAILED_AT, letter.firstFailedAt().toString());
        add(headers, LAST_FAILED_AT, letter.lastFailedAt().toString());
        add(headers, PARKS_STREAM, Boolean.toString(letter.parksStream()));
        letter.status().at().ifPresent(at -> add(headers, STATUS_AT, at.toString()));
        add(headers, STREAM, letter.streamId());
        add(headers, EVENT_ID, letter.eventId());
        add(headers, EVENT_TYPE, letter.eventType().name());
        add(headers, EVENT_TYPE_VERSION, Integer.toString(letter.eventType().version()));
        add(headers, POSITION, Long.toString(letter.position()));
        return new ProducerRecord<>(topic, null, letter.id().toString().getBytes(StandardCharsets.UTF_8), value,
                headers);
    }

    private static void add(RecordHeaders headers, String key, String value) {
        headers.add(new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8)));
    }

    private Map<DeadLetterId, String> markers() {
        var markers = new HashMap<DeadLetterId, String>();
        state.forEach(MARKER_PREFIX, entry -> markers.put(
                DeadLetterId.parse(entry.key().substring(MARKER_PREFIX.length())),
                new String(entry.value(), StandardCharsets.UTF_8)));
        return markers;
    }

    private static String markerKey(DeadLetterId id) {
        return MARKER_PREFIX + id;
    }

    /**
     * What the mirror last published of a dead letter: a new record goes out when this changes. It starts with the
     * records' version ({@code 2}: with the event's stream, id, type and position), so that a mirror of the version
     * before publishes every pending dead letter again, once, in the new shape.
     */
    private static String signature(DeadLetter letter) {
        return "2:" + letter.status().label() + ":" + letter.attempts();
    }
}
