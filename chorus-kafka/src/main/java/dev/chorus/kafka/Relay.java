package dev.chorus.kafka;

import dev.chorus.core.EventImporter;
import dev.chorus.core.EventStore;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.Subscription;
import dev.chorus.core.SubscriptionHandler;
import dev.chorus.core.ValidationError;
import dev.chorus.core.state.Checkpoints;
import dev.chorus.core.state.StateStore;
import dev.chorus.kafka.internal.InFlight;
import dev.chorus.kafka.internal.TopicAdmin;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.jspecify.annotations.Nullable;

/**
 * Publishes a service's own facts from its store to its Kafka topic: the outbox, read from the store itself. It
 * follows the store from its checkpoint, skips facts imported from other services (they are never echoed), sends
 * each with an idempotent producer keyed by stream id without waiting for the broker (up to
 * {@link RelayConfig#maxInFlight()} at a time), and moves its checkpoint only past events the broker acknowledged,
 * with everything before them. A process that dies loses nothing: the relay resumes from the checkpoint, and the
 * only repeats are the events sent after it, which consumers skip by event id. When the producer fails (the broker
 * refused its sequence numbers, or did not acknowledge in time) the relay closes it and starts a new one from the
 * checkpoint, with backoff.
 */
public final class Relay implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Relay.class.getName());

    private final KafkaSettings settings;
    private final RelayConfig config;
    private final EventStore source;
    private final StateStore state;
    private final Function<Map<String, Object>, Producer<byte[], byte[]>> producers;
    private final CloudEventsWire.Encoder encoder;
    private final CompletableFuture<Void> completion = new CompletableFuture<>();
    private final Thread keeper;
    private volatile Generation current;
    private volatile long checkpoint;
    private volatile long publishedBefore;
    private volatile BridgeStatus status = BridgeStatus.RUNNING;
    private volatile boolean closing;
    private int attempts;

    private Relay(KafkaSettings settings, RelayConfig config, EventStore source, StateStore state,
                  Function<Map<String, Object>, Producer<byte[], byte[]>> producers, long checkpoint) {
        this.settings = settings;
        this.config = config;
        this.source = source;
        this.state = state;
        this.producers = producers;
        this.encoder = CloudEventsWire.encoder(config.topic(), ChorusTopics.source(config.service()));
        this.checkpoint = checkpoint;
        this.keeper = Thread.ofVirtual().name("chorus-relay-" + config.topic()).unstarted(this::keep);
        this.current = new Generation(checkpoint);
    }

    /**
     * Ensures the topic exists and serves every partition, then publishes from the checkpoint on, in the
     * background.
     *
     * @throws KafkaUnavailable the topic could not be checked or created in time
     * @throws ValidationError  the checkpoint lies beyond the store's head (the store was replaced?)
     */
    public static Relay start(KafkaSettings settings, EventStore source, StateStore state, RelayConfig config) {
        return start(settings, source, state, config, KafkaProducer::new);
    }

    /** As {@link #start(KafkaSettings, EventStore, StateStore, RelayConfig)}, with producers from {@code producers}. */
    static Relay start(KafkaSettings settings, EventStore source, StateStore state, RelayConfig config,
                       Function<Map<String, Object>, Producer<byte[], byte[]>> producers) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(config, "config");
        var admin = new TopicAdmin(settings, config.clientId() + "-admin", config.adminTimeout());
        try {
            admin.ensure(config.topic(), config.partitions(), config.replication());
        } finally {
            admin.close();
        }
        long checkpoint = Checkpoints.load(state, config.checkpointName());
        long head = source.headPosition();
        if (checkpoint > head) {
            throw new ValidationError("checkpoint", "the relay's checkpoint " + config.checkpointName() + " is at "
                    + checkpoint + ", beyond the store's head " + head + ": this state store belongs to another store");
        }
        var relay = new Relay(settings, config, source, state, producers, checkpoint);
        try {
            relay.current.start();
        } catch (RuntimeException e) {
            relay.current.producer.close(Duration.ZERO);
            throw e;
        }
        relay.keeper.start();
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

    /** How many sends the broker acknowledged since this relay started. */
    public long published() {
        return publishedBefore + current.inFlight.acknowledged();
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
        LockSupport.unpark(keeper);
        boolean interrupted = joinKeeper();
        var generation = current;
        try {
            if (!(status instanceof BridgeStatus.Failed)) {
                generation.drain();
                commit(generation.inFlight.retire());
                status = BridgeStatus.STOPPED;
                completion.complete(null);
            }
        } catch (InterruptedException e) {
            interrupted = true;
            fail(e);
        } catch (RuntimeException e) {
            fail(e);
        } finally {
            generation.stop();
            generation.producer.close(interrupted ? Duration.ZERO : config.closeTimeout());
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean joinKeeper() {
        try {
            keeper.join();
            return false;
        } catch (InterruptedException e) {
            return true;
        }
    }

    /** The keeper: commits the checkpoint as acknowledgements come in, replaces a failed producer, until closed. */
    private void keep() {
        try {
            while (!closing && !(status instanceof BridgeStatus.Failed)) {
                LockSupport.parkNanos(this, config.checkpointInterval().toNanos());
                if (!closing) {
                    step(current);
                }
            }
        } catch (Throwable e) {
            fail(e);
        }
    }

    private void step(Generation generation) throws InterruptedException {
        long watermark = generation.inFlight.retire();
        Throwable failure = generation.failure();
        commit(watermark);
        if (failure instanceof SubscriptionEnded ended) {
            fail(ended.getCause() == null ? ended : ended.getCause());
        } else if (failure != null) {
            restart(generation, failure);
        }
    }

    /** Moves the checkpoint to {@code watermark} when it is further; a new generation's first progress ends a retry. */
    private void commit(long watermark) {
        if (watermark > checkpoint) {
            state.commit(List.of(Checkpoints.save(config.checkpointName(), watermark)));
            checkpoint = watermark;
            if (status instanceof BridgeStatus.Retrying) {
                attempts = 0;
                status = BridgeStatus.RUNNING;
            }
        }
    }

    private void restart(Generation failed, Throwable cause) throws InterruptedException {
        if (!restartable(cause)) {
            fail(cause);
            return;
        }
        failed.stop();
        commit(failed.inFlight.retire());
        attempts++;
        status = new BridgeStatus.Retrying("the producer failed: " + cause, attempts);
        LOG.log(Level.WARNING, "relay to {0}: the producer failed ({1}); a new one starts from checkpoint {2}",
                config.topic(), cause, checkpoint);
        long until = System.nanoTime() + backoff().toNanos();
        while (!closing && System.nanoTime() - until < 0) {
            LockSupport.parkNanos(this, until - System.nanoTime());
        }
        if (closing) {
            return;
        }
        var next = new Generation(checkpoint);
        current = next;
        publishedBefore += failed.inFlight.acknowledged();
        next.start();
    }

    /**
     * Whether a new producer may get past {@code cause}: not when the record or the topic is wrong, or the client
     * may not write, which only a change of configuration fixes.
     */
    private static boolean restartable(Throwable cause) {
        return !(cause instanceof RecordTooLargeException || cause instanceof InvalidRecordException
                || cause instanceof InvalidTopicException || cause instanceof AuthorizationException
                || cause instanceof AuthenticationException || cause instanceof UnsupportedVersionException
                || cause instanceof SerializationException);
    }

    private Duration backoff() {
        long initial = config.initialBackoff().toMillis();
        long millis = initial << Math.min(attempts - 1, 20);
        return Duration.ofMillis(Math.min(config.maxBackoff().toMillis(), Math.max(initial, millis)));
    }

    private void fail(Throwable error) {
        var failed = error instanceof RelayFailed relayFailed ? relayFailed
                : new RelayFailed(config.topic(), checkpoint, error);
        status = new BridgeStatus.Failed(failed);
        completion.completeExceptionally(failed);
        current.stop();
    }

    /** One producer and the subscription that feeds it, from a checkpoint until the producer fails or the end. */
    private final class Generation implements SubscriptionHandler {
        final Producer<byte[], byte[]> producer;
        final InFlight inFlight;
        private final long from;
        private volatile @Nullable Subscription subscription;
        private volatile @Nullable Throwable sendFailure;
        private volatile boolean stopped;

        Generation(long from) {
            this.from = from;
            this.producer = producers.apply(settings.producer(config.clientId()));
            this.inFlight = new InFlight(config.maxInFlight(), from);
        }

        void start() {
            var started = source.subscribe(from, this);
            subscription = started;
            started.completion().whenComplete((ignored, error) -> LockSupport.unpark(keeper));
        }

        @Override
        public void onEvent(RecordedEvent event) throws Exception {
            if (stopped) {
                throw Stopped.INSTANCE;
            }
            if (event.metadata().containsKey(EventImporter.IMPORTED_FROM)) {
                inFlight.skip(event.position());
                return;
            }
            try {
                inFlight.awaitRoom();
                inFlight.add(event.position(), producer.send(encoder.encode(event)));
            } catch (ExecutionException e) {
                sendFailed(e.getCause());
            } catch (org.apache.kafka.common.KafkaException | IllegalStateException e) {
                // thrown by a producer that failed, or that the keeper closed
                sendFailed(e);
            }
        }

        private void sendFailed(Throwable cause) {
            if (sendFailure == null) {
                sendFailure = cause;
            }
            LockSupport.unpark(keeper);
            throw Stopped.INSTANCE;
        }

        /** Why this generation cannot go on: a failed send, or the end of its subscription; null while it runs. */
        @Nullable Throwable failure() {
            Throwable failure = inFlight.failure();
            if (failure == null) {
                failure = sendFailure;
            }
            var running = subscription;
            if (failure == null && !stopped && running != null && running.completion().isDone()) {
                // Not stopped by the relay and no send failed: the store ended it (closed, or failing).
                try {
                    running.completion().join();
                    failure = new SubscriptionEnded(null);
                } catch (CompletionException e) {
                    failure = new SubscriptionEnded(e.getCause());
                }
            }
            return failure;
        }

        /** Waits for what was sent, at most the close timeout; gives up on it when the broker does not answer. */
        void drain() throws InterruptedException {
            stopped = true;
            try {
                inFlight.awaitAll(config.closeTimeout());
            } catch (ExecutionException | TimeoutException e) {
                producer.close(Duration.ZERO);
            }
            var running = subscription;
            if (running != null) {
                running.close();
            }
        }

        /** Aborts what is in flight and stops the subscription. */
        void stop() {
            stopped = true;
            producer.close(Duration.ZERO);
            var running = subscription;
            if (running != null) {
                running.close();
            }
        }
    }

    /** Thrown into a generation's subscription to end it; never seen outside. */
    private static final class Stopped extends RuntimeException {
        static final Stopped INSTANCE = new Stopped();

        private Stopped() {
            super("the relay's producer stopped", null, false, false);
        }
    }

    /** The store ended a generation's subscription: the store failed or was closed. */
    private static final class SubscriptionEnded extends RuntimeException {
        SubscriptionEnded(@Nullable Throwable cause) {
            super("the store ended the relay's subscription", cause);
        }
    }

    @Override
    public String toString() {
        return "Relay[" + config.topic() + ", checkpoint " + checkpoint + ", " + status + "]";
    }
}
