package dev.chorus.bench.internal;

import dev.chorus.core.EventType;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.core.memory.InMemoryEventStore;
import dev.chorus.core.memory.InMemoryStateStore;
import dev.chorus.kafka.BridgeStatus;
import dev.chorus.kafka.CloudEventsWire;
import dev.chorus.kafka.KafkaSettings;
import dev.chorus.kafka.Relay;
import dev.chorus.kafka.RelayConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * The relay publishing a whole store: from {@link Relay#start} until its checkpoint reaches the store's head,
 * which it moves only once the broker acknowledged every event before it. The store is the in-memory one, the
 * fastest honest source there is, so what is timed is the relay's own path to Kafka, not a disk.
 */
final class RelayRun {
    static final String SERVICE = "bench";
    private static final EventType TYPE = EventType.of("bench.Published", 1);
    /** Events per append: a few per stream in turn, so that consecutive events go to different partitions. */
    private static final int PER_APPEND = 10;

    /** One publication: how many events, how long, and how big one of its records is on the wire. */
    record Result(long events, long nanos, WireSize wire) {
        double perSecond() {
            return nanos <= 0 ? 0 : events / (nanos / 1e9);
        }
    }

    /** One record as the relay sends it: key (stream id), value (the event's data) and its CloudEvents headers. */
    record WireSize(int keyBytes, int valueBytes, int headers, int headerBytes) {
        int total() {
            return keyBytes + valueBytes + headerBytes;
        }
    }

    private RelayRun() {}

    /** A store holding {@code events} events of {@code payloadBytes} of JSON data over {@code streams} streams. */
    static InMemoryEventStore fill(int events, int payloadBytes, int streams) {
        var store = new InMemoryEventStore();
        var event = NewEvent.of(TYPE, payload(payloadBytes));
        var batch = new ArrayList<NewEvent>(PER_APPEND);
        int written = 0;
        for (int stream = 0; written < events; stream = (stream + 1) % streams) {
            batch.clear();
            for (int i = 0; i < PER_APPEND && written + i < events; i++) {
                batch.add(event);
            }
            store.append("bench-" + stream, ExpectedVersion.any(), batch);
            written += batch.size();
        }
        return store;
    }

    /** A JSON object of exactly {@code bytes} bytes: {@code {"pad":"xxx…"}}. */
    static byte[] payload(int bytes) {
        String open = "{\"pad\":\"";
        String close = "\"}";
        int pad = Math.max(0, bytes - open.length() - close.length());
        return (open + "x".repeat(pad) + close).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Publishes everything in {@code store} to {@code topic} (which should exist, with the partitions the relay
     * would create) with a fresh checkpoint, and times it.
     */
    static Result publish(KafkaSettings kafka, InMemoryEventStore store, String topic, Duration timeout)
            throws InterruptedException, TimeoutException {
        long head = store.headPosition();
        var config = RelayConfig.forService(SERVICE).withTopic(topic);
        long start = System.nanoTime();
        try (var relay = Relay.start(kafka, store, new InMemoryStateStore(), config)) {
            long deadline = start + timeout.toNanos();
            while (relay.checkpoint() < head) {
                if (relay.status() instanceof BridgeStatus.Failed failed) {
                    throw new IllegalStateException("the relay failed at checkpoint " + relay.checkpoint(),
                            failed.cause());
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new TimeoutException("the relay published " + relay.checkpoint() + " of " + head
                            + " events in " + timeout);
                }
                LockSupport.parkNanos(200_000);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            long nanos = System.nanoTime() - start;
            return new Result(head, nanos, wireSize(store, topic));
        }
    }

    private static WireSize wireSize(InMemoryEventStore store, String topic) {
        var record = CloudEventsWire.encode(store.readAll(0, 1).getFirst(), topic, "/chorus/" + SERVICE);
        int headerBytes = 0;
        int headers = 0;
        for (var header : record.headers()) {
            headers++;
            headerBytes += header.key().getBytes(StandardCharsets.UTF_8).length
                    + (header.value() == null ? 0 : header.value().length);
        }
        return new WireSize(record.key() == null ? 0 : record.key().length,
                record.value() == null ? 0 : record.value().length, headers, headerBytes);
    }
}
