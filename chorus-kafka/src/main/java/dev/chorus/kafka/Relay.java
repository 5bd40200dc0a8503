package dev.chorus.kafka;

import dev.chorus.core.EventImporter;
import dev.chorus.core.EventStore;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.Subscription;
import dev.chorus.core.SubscriptionHandler;
import dev.chorus.core.ValidationError;
import dev.chorus.core.state.Checkpoints;
import dev.chorus.core.state.StateStore;
import dev.chorus.kafka.internal.TopicAdmin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publishes a service's own facts from its store to its Kafka topic: the outbox, read from the store itself. It
 * follows the store from its checkpoint, skips facts imported from other services (they are never echoed), sends
 * each with an idempotent producer keyed by stream id, and moves its checkpoint only once the broker acknowledged
 * everything before it. A process that dies loses nothing: the relay resumes from the checkpoint, and the only
 * repeats are the events sent after it, which consumers skip by event id.
 */
public final class Relay implements AutoCloseable {
    private final RelayConfig config;
    private final EventStore source;
    private final StateStore state;
    private final Producer<byte[], byte[]> producer;
    private final String ceSource;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Future<RecordMetadata>> inFlight = new ArrayList<>();
    private final CompletableFuture<Void> completion = new CompletableFuture<>();
    private final AtomicLong published = new AtomicLong();
    private volatile long checkpoint;
    private long next;
    private volatile BridgeStatus status = BridgeStatus.RUNNING;
    private volatile boolean closing;
    private Subscription subscription;

    private Relay(RelayConfig config, EventStore source, StateStore state, Producer<byte[], byte[]> producer,
                  long checkpoint) {
        this.config = config;
        this.source = source;
        this.state = state;
        this.producer = producer;
        this.ceSource = ChorusTopics.source(config.service());
        this.checkpoint = checkpoint;
        this.next = checkpoint;
    }

    /**
     * Ensures the topic exists, then publishes from the checkpoint on, in the background.
     *
     * @throws KafkaUnavailable the topic could not be checked or created in time
     * @throws ValidationError  the checkpoint lies beyond the store's head (the store was replaced?)
     */
    public static Relay start(KafkaSettings settings, EventStore source, StateStore state, RelayConfig config) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(config, "config");
        var admin = new TopicAdmin(settings, config.clientId() + "-admin", config.adminTimeout());
        try {
            admin.ensure(config.topic(), config.partitions(), config.replicationFactor());
        } finally {
            admin.close();
        }
        long checkpoint = Checkpoints.load(state, config.checkpointName());
        long head = source.headPosition();
        if (checkpoint > head) {
            throw new ValidationError("checkpoint", "the relay's checkpoint " + config.checkpointName() + " is at "
                    + checkpoint + ", beyond the store's head " + head + ": this state store belongs to another store");
        }
        var relay = new Relay(config, source, state, new KafkaProducer<>(settings.producer(config.clientId())),
                checkpoint);
        relay.subscription = source.subscribe(checkpoint, relay.new Handler());
        relay.subscription.completion().whenComplete((ignored, error) -> {
            if (error != null) {
                relay.fail(error);
            }
        });
        return relay;
    }

    public String topic() {
        return config.topic();
    }

    /** The position after the last event the broker acknowledged, as committed in the state store. */
    public long checkpoint() {
        return checkpoint;
    }

    /** How many events of the store are not yet acknowledged by the broker: the head minus the checkpoint. */
    public long lag() {
        return Math.max(0, source.headPosition() - checkpoint);
    }

    /** How many events the broker acknowledged since this relay started. */
    public long published() {
        return published.get();
    }

    public BridgeStatus status() {
        return status;
    }

    /** Completes when the relay is closed; fails with {@link RelayFailed} when it stopped on an error. */
    public CompletableFuture<Void> completion() {
        return completion;
    }

    /**
     * Stops following the store, waits (at most the close timeout) for what was sent, commits the checkpoint and
     * closes the producer. Sends the broker has not acknowledged by then are abandoned, and sent again by the
     * next relay.
     */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        subscription.close();
        boolean idle;
        try {
            idle = lock.tryLock(config.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            idle = false;
        }
        if (!idle) {
            // The handler still waits for the broker: abort its sends, so that it fails and lets go.
            producer.close(Duration.ZERO);
            lock.lock();
        }
        try {
            if (idle && !(status instanceof BridgeStatus.Failed)) {
                acknowledgeAndCommit();
            }
        } catch (RuntimeException e) {
            fail(e);
        } finally {
            lock.unlock();
        }
        producer.close(config.closeTimeout());
        if (!(status instanceof BridgeStatus.Failed)) {
            status = BridgeStatus.STOPPED;
            completion.complete(null);
        }
    }

    private void fail(Throwable error) {
        var failed = error instanceof RelayFailed relayFailed ? relayFailed
                : new RelayFailed(config.topic(), checkpoint, error);
        status = new BridgeStatus.Failed(failed);
        completion.completeExceptionally(failed);
        if (!closing) {
            producer.close(Duration.ZERO);
        }
    }

    /** Waits for every send in flight, then moves the checkpoint past the events looked at so far. */
    private void acknowledgeAndCommit() {
        lock.lock();
        try {
            if (!inFlight.isEmpty()) {
                producer.flush();
                for (Future<RecordMetadata> sent : inFlight) {
                    try {
                        sent.get();
                    } catch (ExecutionException e) {
                        throw new RelayFailed(config.topic(), checkpoint, e.getCause());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new RelayFailed(config.topic(), checkpoint, e);
                    }
                }
                published.addAndGet(inFlight.size());
                inFlight.clear();
            }
            if (next > checkpoint) {
                state.commit(List.of(Checkpoints.save(config.checkpointName(), next)));
                checkpoint = next;
            }
        } finally {
            lock.unlock();
        }
    }

    private final class Handler implements SubscriptionHandler {
        @Override
        public void onEvent(RecordedEvent event) {
            lock.lock();
            try {
                if (!event.metadata().containsKey(EventImporter.IMPORTED_FROM)) {
                    inFlight.add(producer.send(CloudEventsWire.encode(event, config.topic(), ceSource)));
                }
                next = event.position() + 1;
                // Caught up, or a full batch: wait for the broker now. Under load the head runs ahead, so
                // batches grow by themselves; when quiet, each event goes out at once.
                if (inFlight.size() >= config.maxBatch() || next - checkpoint >= config.maxBatch()
                        || next >= source.headPosition()) {
                    acknowledgeAndCommit();
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void onLive(long position) {
            lock.lock();
            try {
                next = Math.max(next, position);
                acknowledgeAndCommit();
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    public String toString() {
        return "Relay[" + config.topic() + ", checkpoint " + checkpoint + ", " + status + "]";
    }
}
