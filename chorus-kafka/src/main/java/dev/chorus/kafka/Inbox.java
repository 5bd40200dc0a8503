package dev.chorus.kafka;

import dev.chorus.core.EventImporter;
import dev.chorus.core.ImportedEvent;
import dev.chorus.core.StoreClosed;
import dev.chorus.core.ValidationError;
import dev.chorus.kafka.internal.GroupLag;
import dev.chorus.kafka.internal.TopicAdmin;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
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
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RetriableCommitFailedException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Brings the facts a service reacts to into its own store: a Kafka consumer that polls the topics of the services
 * it follows, decodes each record ({@link CloudEventsWire}), imports the batch with an {@link EventImporter}
 * (event ids kept, ids already present skipped) and only then commits the offsets. Projections, handlers and sagas
 * then run on the service's store as in the embedded shape.
 *
 * <p>A failed import (the store is down) is retried with backoff and nothing is committed; a record that is not a
 * Chorus CloudEvent, or that the store refuses, goes to the dead-letter topic with headers saying why and where it
 * came from ({@link DeadLetterHeaders}), and the inbox goes on. A crash between import and commit means the next
 * owner of the partition reads the batch again, and the importer skips what it already holds. Several inboxes in
 * one group share the partitions.
 */
public final class Inbox implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Inbox.class.getName());

    private final InboxConfig config;
    private final EventImporter importer;
    private final Clock clock;
    private final String bootstrapServers;
    private final TopicAdmin admin;
    private final Consumer<byte[], byte[]> consumer;
    private final Producer<byte[], byte[]> deadLetters;
    /** The offsets after what was imported, per partition, until a commit of them (or later ones) succeeds. */
    private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
    private final CompletableFuture<Void> completion = new CompletableFuture<>();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final AtomicLong imported = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong commitFailures = new AtomicLong();
    private final Thread thread;
    private volatile BridgeStatus status;
    private volatile boolean closing;
    private Set<String> subscribed = Set.of();
    private long nextTopicCheck;
    private int attempts;
    private boolean committing;
    private long nextCommit;

    private Inbox(KafkaSettings settings, EventImporter importer, InboxConfig config, Clock clock, TopicAdmin admin) {
        this.config = config;
        this.importer = importer;
        this.clock = clock;
        this.bootstrapServers = settings.bootstrapServers();
        this.admin = admin;
        String clientId = "chorus-inbox-" + config.service();
        this.consumer = new KafkaConsumer<>(settings.consumer(config.group(), clientId));
        this.deadLetters = new KafkaProducer<>(settings.producer(clientId + "-dlq"));
        this.status = new BridgeStatus.WaitingForTopics(Set.copyOf(config.topics()));
        this.nextTopicCheck = System.nanoTime();
        this.nextCommit = nextTopicCheck + config.commitInterval().toNanos();
        this.thread = Thread.ofPlatform().name(clientId).daemon().unstarted(this::run);
    }

    /**
     * Ensures the dead-letter topic exists and starts importing in the background. Topics that do not exist yet
     * (their service has not started) are read once they appear.
     *
     * @throws KafkaUnavailable the dead-letter topic could not be checked or created in time
     */
    public static Inbox start(KafkaSettings settings, EventImporter importer, InboxConfig config) {
        return start(settings, importer, config, Clock.systemUTC());
    }

    /** As {@link #start(KafkaSettings, EventImporter, InboxConfig)}, stamping dead letters with {@code clock}. */
    public static Inbox start(KafkaSettings settings, EventImporter importer, InboxConfig config, Clock clock) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(importer, "importer");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        var admin = new TopicAdmin(settings, "chorus-inbox-" + config.service() + "-admin", config.adminTimeout());
        try {
            admin.ensure(config.deadLetterTopic(), config.deadLetterPartitions(), config.replication());
            var inbox = new Inbox(settings, importer, config, clock, admin);
            inbox.thread.start();
            return inbox;
        } catch (RuntimeException e) {
            admin.close();
            throw e;
        }
    }

    public String group() {
        return config.group();
    }

    public BridgeStatus status() {
        return status;
    }

    /** Completes when the inbox is closed; fails when it stopped on an error it cannot get past. */
    public CompletableFuture<Void> completion() {
        return completion;
    }

    /** How many events this inbox imported that the store did not hold yet. */
    public long imported() {
        return imported.get();
    }

    /** How many events this inbox read that the store already held (redeliveries), or that the filter left out. */
    public long skipped() {
        return skipped.get();
    }

    /** How many records this inbox sent to its dead-letter topic. */
    public long deadLettered() {
        return deadLettered.get();
    }

    /**
     * How many offset commits failed. Harmless: the offsets are committed again, and a record read twice after a
     * failed commit is skipped by the importer.
     */
    public long commitFailures() {
        return commitFailures.get();
    }

    /**
     * The group's lag on every partition of the topics it reads, from the broker (all members together).
     *
     * @throws KafkaUnavailable the broker did not answer in time
     */
    public List<PartitionLag> lag() {
        return GroupLag.of(admin, config.group(), config.topics());
    }

    /** Stops polling, commits what was imported, leaves the group and closes its clients. */
    @Override
    public void close() {
        closing = true;
        stop.countDown();
        consumer.wakeup();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        Throwable failure = null;
        try {
            while (!closing) {
                if (!followTopics()) {
                    continue;
                }
                var records = consumer.poll(config.pollTimeout());
                if (!records.isEmpty()) {
                    handle(records);
                }
                commitImported();
            }
        } catch (WakeupException | InterruptException e) {
            if (!closing) {
                failure = e;
            }
        } catch (Throwable e) {
            failure = e;
        } finally {
            if (failure == null) {
                commitSync(Map.copyOf(uncommitted));
            }
            closeQuietly(() -> consumer.close(CloseOptions.timeout(Duration.ofSeconds(5))));
            closeQuietly(() -> deadLetters.close(Duration.ofSeconds(5)));
            closeQuietly(admin::close);
            if (failure == null) {
                status = BridgeStatus.STOPPED;
                completion.complete(null);
            } else {
                status = new BridgeStatus.Failed(failure);
                completion.completeExceptionally(failure);
            }
        }
    }

    /** Subscribes to the topics that exist, looking again for missing ones now and then; false while none exists. */
    private boolean followTopics() throws InterruptedException {
        long now = System.nanoTime();
        if (subscribed.size() < config.topics().size() && now - nextTopicCheck >= 0) {
            nextTopicCheck = now + config.topicCheckInterval().toNanos();
            Set<String> missing;
            try {
                missing = admin.missing(config.topics());
            } catch (KafkaUnavailable e) {
                attempts++;
                status = new BridgeStatus.Retrying(e.getMessage(), attempts);
                nextTopicCheck = now;
                pause(backoff());
                return false;
            }
            attempts = 0;
            var present = new HashSet<>(config.topics());
            present.removeAll(missing);
            if (!present.equals(subscribed)) {
                subscribed = Set.copyOf(present);
                if (!present.isEmpty()) {
                    consumer.subscribe(present, new Rebalance());
                }
            }
            status = missing.isEmpty() ? BridgeStatus.RUNNING : new BridgeStatus.WaitingForTopics(missing);
        }
        if (subscribed.isEmpty()) {
            pause(Duration.ofNanos(nextTopicCheck - now));
            return false;
        }
        return true;
    }

    private void handle(ConsumerRecords<byte[], byte[]> records) throws InterruptedException {
        var batch = new ArrayList<ImportedEvent>(records.count());
        var sources = new ArrayList<ConsumerRecord<byte[], byte[]>>(records.count());
        var rejected = new ArrayList<Rejected>();
        int filtered = 0;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String typeName = CloudEventsWire.typeName(record);
            if (typeName != null && !config.accepts(typeName)) {
                // Most of what a topic carries is for other readers: not worth decoding to leave it out.
                filtered++;
                continue;
            }
            try {
                var event = CloudEventsWire.decode(record);
                if (config.accepts(event.event().type().name())) {
                    var problem = config.check().problem(event);
                    if (problem.isPresent()) {
                        rejected.add(new Rejected(record, problem.get()));
                        continue;
                    }
                    batch.add(event);
                    sources.add(record);
                } else {
                    filtered++;
                }
            } catch (MalformedRecord e) {
                rejected.add(new Rejected(record, e.problem()));
            }
        }
        int added;
        try {
            added = importAll(batch, sources, rejected);
            sendToDeadLetters(rejected);
        } catch (StoreClosed e) {
            throw e;
        } catch (RuntimeException e) {
            // Nothing committed: read the same records again after a pause; the importer skips what it holds.
            Polled.seekBack(consumer, records);
            attempts++;
            status = new BridgeStatus.Retrying(e.toString(), attempts);
            pause(backoff());
            return;
        }
        imported.addAndGet(added);
        skipped.addAndGet(batch.size() - added + filtered);
        attempts = 0;
        if (status instanceof BridgeStatus.Retrying) {
            status = BridgeStatus.RUNNING;
        }
        uncommitted.putAll(Polled.nextOffsets(records));
    }

    /** Imports the batch; when the store refuses it, imports one by one and dead-letters the refused ones. */
    private int importAll(List<ImportedEvent> batch, List<ConsumerRecord<byte[], byte[]>> sources,
                          List<Rejected> rejected) {
        if (batch.isEmpty()) {
            return 0;
        }
        try {
            return importer.importEvents(batch);
        } catch (ValidationError refused) {
            int added = 0;
            for (int i = 0; i < batch.size(); i++) {
                try {
                    added += importer.importEvents(List.of(batch.get(i)));
                } catch (ValidationError e) {
                    rejected.add(new Rejected(sources.get(i), "the store refused it: " + e.getMessage()));
                }
            }
            return added;
        }
    }

    private void sendToDeadLetters(List<Rejected> rejected) {
        if (rejected.isEmpty()) {
            return;
        }
        var sent = new ArrayList<Future<RecordMetadata>>(rejected.size());
        for (Rejected reject : rejected) {
            sent.add(deadLetters.send(deadLetter(reject)));
        }
        deadLetters.flush();
        for (Future<RecordMetadata> future : sent) {
            try {
                future.get();
            } catch (ExecutionException e) {
                throw new KafkaUnavailable(bootstrapServers, "sending to " + config.deadLetterTopic(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptException(e);
            }
        }
        deadLettered.addAndGet(rejected.size());
    }

    private ProducerRecord<byte[], byte[]> deadLetter(Rejected reject) {
        var record = reject.record();
        var headers = new RecordHeaders(record.headers().toArray());
        headers.add(header(DeadLetterHeaders.REASON, reject.reason()));
        headers.add(header(DeadLetterHeaders.TOPIC, record.topic()));
        headers.add(header(DeadLetterHeaders.PARTITION, Integer.toString(record.partition())));
        headers.add(header(DeadLetterHeaders.OFFSET, Long.toString(record.offset())));
        headers.add(header(DeadLetterHeaders.GROUP, config.group()));
        headers.add(header(DeadLetterHeaders.AT, clock.instant().toString()));
        return new ProducerRecord<>(config.deadLetterTopic(), null, record.key(), record.value(), headers);
    }

    private static RecordHeader header(String key, String value) {
        return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
    }


    /**
     * Commits the offsets of what was imported (durably) without waiting, at most every
     * {@link InboxConfig#commitInterval()}: a lost or late commit only means records read again and skipped by the
     * importer. One commit at a time: what is imported meanwhile goes with the next, as does what a failed commit
     * held.
     */
    private void commitImported() {
        long now = System.nanoTime();
        if (committing || uncommitted.isEmpty() || now - nextCommit < 0) {
            return;
        }
        committing = true;
        nextCommit = now + config.commitInterval().toNanos();
        consumer.commitAsync(Map.copyOf(uncommitted), (committed, error) -> {
            committing = false;
            if (error == null) {
                committed.forEach(uncommitted::remove);
            } else {
                commitFailed(error);
            }
        });
    }

    /** Commits {@code offsets} and waits: when partitions are revoked and when the inbox stops. */
    private void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        try {
            try {
                consumer.commitSync(offsets);
            } catch (WakeupException e) {
                // close() woke the consumer while it was not polling: the wake-up is spent, commit once more.
                consumer.commitSync(offsets);
            }
            offsets.forEach(uncommitted::remove);
        } catch (RuntimeException e) {
            // The next owner of the partitions reads these records again; the importer skips them.
            commitFailed(e);
        }
    }

    private void commitFailed(Exception error) {
        commitFailures.incrementAndGet();
        boolean rebalancing = error instanceof RebalanceInProgressException || error instanceof CommitFailedException
                || error instanceof RetriableCommitFailedException;
        LOG.log(rebalancing ? Level.DEBUG : Level.WARNING,
                "inbox {0}: an offset commit failed ({1}); its records may be read again and skipped",
                config.group(), error);
    }

    private Duration backoff() {
        long initial = config.initialBackoff().toMillis();
        long millis = initial << Math.min(attempts - 1, 20);
        return Duration.ofMillis(Math.min(config.maxBackoff().toMillis(), Math.max(initial, millis)));
    }

    private void pause(Duration duration) throws InterruptedException {
        if (!duration.isNegative() && !duration.isZero()) {
            stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static void closeQuietly(Runnable close) {
        try {
            close.run();
        } catch (RuntimeException e) {
            // closing anyway; the error that stopped the inbox, if any, is the one to report
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            var revoked = new HashMap<TopicPartition, OffsetAndMetadata>();
            for (TopicPartition partition : partitions) {
                var offset = uncommitted.get(partition);
                if (offset != null) {
                    revoked.put(partition, offset);
                }
            }
            commitSync(revoked);
            partitions.forEach(uncommitted::remove);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(uncommitted::remove);
        }
    }

    private record Rejected(ConsumerRecord<byte[], byte[]> record, String reason) {}

    @Override
    public String toString() {
        return "Inbox[" + config.group() + " " + config.topics() + ", " + status + "]";
    }
}
