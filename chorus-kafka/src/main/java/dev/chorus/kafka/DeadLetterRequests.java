package dev.chorus.kafka;

import dev.chorus.core.ValidationError;
import dev.chorus.core.handler.DeadLetterClosed;
import dev.chorus.core.handler.DeadLetterId;
import dev.chorus.core.handler.DeadLetterNotFound;
import dev.chorus.core.handler.DeadLetters;
import dev.chorus.kafka.internal.TopicAdmin;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * An operator's retry or discard of a service's dead letter, asked for somewhere else (the distributed shop's API,
 * which holds only copies of it) and carried out by the service: requests travel on one topic,
 * {@value #TOPIC}, keyed by service, as {@code retry <id> <event id>} or {@code discard <id> <event id>}; each
 * service's {@link #perform performer} reads them in a group of its own, one at a time, and acts through its
 * {@link DeadLetters}, and the outcome reaches the asker as any change of a dead letter does, through the service's
 * mirror. A request read twice after a crash asks again; one for a dead letter already closed or unknown, or whose
 * event is not the one the asker saw (the id taken again in a store made since), is logged and dropped.
 */
public final class DeadLetterRequests {
    public static final String TOPIC = "chorus.dead-letter-requests";
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

    /** What an operator asks of a dead letter. */
    public enum Action {
        RETRY, DISCARD;

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private DeadLetterRequests() {}

    /** Sends requests; {@link #ask} returns once the broker has the request. */
    public static final class Asker implements AutoCloseable {
        private final KafkaProducer<byte[], byte[]> producer;
        private final KafkaSettings settings;
        private final String clientId;
        private final String bootstrapServers;
        private volatile boolean topicMade;

        private Asker(KafkaSettings settings, String clientId) {
            var config = settings.producer(clientId);
            // a hard limit for the operator waiting at the API: past it the request has failed, not lingered
            config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(SEND_TIMEOUT.toMillis()));
            config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(SEND_TIMEOUT.toMillis() - 1_000));
            config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(SEND_TIMEOUT.toMillis()));
            this.producer = new KafkaProducer<>(config);
            this.settings = settings;
            this.clientId = clientId;
            this.bootstrapServers = settings.bootstrapServers();
        }

        /**
         * Asks {@code service} to act on its dead letter {@code id}, whose event is {@code eventId}.
         *
         * @throws KafkaUnavailable the broker did not take the request within 10 s; it was not sent
         */
        public void ask(String service, DeadLetterId id, String eventId, Action action) {
            if (!topicMade) {
                topicMade = ensureTopic(settings, clientId);
            }
            var record = new ProducerRecord<>(TOPIC, service.getBytes(StandardCharsets.UTF_8),
                    (action.word() + " " + id + " " + eventId).getBytes(StandardCharsets.UTF_8));
            try {
                producer.send(record).get(SEND_TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException | KafkaException e) {
                throw new KafkaUnavailable(bootstrapServers, "asking " + service + " to " + action.word() + " " + id,
                        e instanceof ExecutionException ? e.getCause() : e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaUnavailable(bootstrapServers, "asking " + service + " to " + action.word() + " " + id,
                        e);
            }
        }

        @Override
        public void close() {
            producer.close(Duration.ofSeconds(10));
        }
    }

    /** An asker for {@code clientId}; the topic is made if it is missing (before its first request at the latest). */
    public static Asker asker(KafkaSettings settings, String clientId) {
        var asker = new Asker(settings, clientId);
        asker.topicMade = ensureTopic(settings, clientId);
        return asker;
    }

    /** Reads the requests for {@code service} and performs them, until closed. */
    public static final class Performer implements AutoCloseable {
        private final String service;
        private final DeadLetters deadLetters;
        private final Consumer<String> log;
        private PollingLoop loop;

        private Performer(String service, DeadLetters deadLetters, Consumer<String> log) {
            this.service = service;
            this.deadLetters = deadLetters;
            this.log = log;
        }

        private void performAll(ConsumerRecords<byte[], byte[]> records) {
            records.forEach(this::perform);
        }

        private void perform(ConsumerRecord<byte[], byte[]> record) {
            if (record.key() == null || record.value() == null
                    || !service.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                return;
            }
            String request = new String(record.value(), StandardCharsets.UTF_8);
            String[] words = request.split(" ", 3);
            try {
                if (words.length != 3) {
                    throw new IllegalArgumentException("not a request: " + request);
                }
                var id = DeadLetterId.parse(words[1]);
                if (!deadLetters.show(id).eventId().equals(words[2])) {
                    throw new IllegalArgumentException("dead letter " + id + " here is of another event than "
                            + words[2] + ", the one asked about");
                }
                var after = switch (words[0]) {
                    case "retry" -> deadLetters.retry(id);
                    case "discard" -> deadLetters.discard(id);
                    default -> throw new IllegalArgumentException("not a request: " + request);
                };
                log.accept("dead letter " + id + ": " + words[0] + " asked from elsewhere; now " + after.status()
                        .label());
            } catch (DeadLetterNotFound | DeadLetterClosed | IllegalArgumentException | ValidationError dropped) {
                log.accept("dead-letter request '" + request + "' dropped: " + dropped.getMessage());
            }
        }

        @Override
        public void close() {
            loop.close();
        }
    }

    /** Performs what is asked of {@code service}'s dead letters, reading the requests in consumer group {@code group}. */
    public static Performer perform(KafkaSettings settings, String group, String service, DeadLetters deadLetters,
                                    Consumer<String> log) {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(deadLetters, "deadLetters");
        Objects.requireNonNull(log, "log");
        ensureTopic(settings, group);
        // from the earliest request the group has not read: one asked while the service was down waits for it
        var config = settings.consumer(group, group);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1"); // committed one by one: a retry may take a while
        config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "5000"); // the topic, when made after this started
        var consumer = new KafkaConsumer<byte[], byte[]>(config);
        consumer.subscribe(List.of(TOPIC));
        var performer = new Performer(service, deadLetters, log);
        performer.loop = PollingLoop.start(consumer, "dead-letter-requests", performer::performAll, log);
        return performer;
    }

    /**
     * Makes the topic if it is missing, as far as the broker answers within 10 s: a leader starting while the broker
     * is away still starts (its consumer waits for the topic; the asker's sends fail until the broker is back).
     */
    private static boolean ensureTopic(KafkaSettings settings, String clientId) {
        try (var admin = new TopicAdmin(settings, clientId + "-admin", Duration.ofSeconds(10))) {
            admin.ensure(TOPIC, 1, Replication.BROKER_DEFAULT);
            return true;
        } catch (RuntimeException unavailable) {
            System.getLogger("dev.chorus.kafka").log(System.Logger.Level.WARNING, "could not make " + TOPIC
                    + " now (" + unavailable.getMessage() + "); the asker tries again before its next request");
            return false;
        }
    }
}
