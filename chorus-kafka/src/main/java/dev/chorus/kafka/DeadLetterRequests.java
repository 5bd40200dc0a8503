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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * An operator's retry or discard of a service's dead letter, asked for somewhere else (the distributed shop's API,
 * which holds only copies of it) and carried out by the service: requests travel on one topic,
 * {@value #TOPIC}, keyed by service, as {@code retry <id>} or {@code discard <id>}; each service's {@link #perform
 * performer} reads them in a group of its own and acts through its {@link DeadLetters}, and the outcome reaches the
 * asker as any change of a dead letter does, through the service's mirror. A request read twice after a crash asks
 * again; one for a dead letter already closed or unknown is logged and dropped.
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
        private final String bootstrapServers;

        private Asker(KafkaSettings settings, String clientId) {
            this.producer = new KafkaProducer<>(settings.producer(clientId));
            this.bootstrapServers = settings.bootstrapServers();
        }

        /** @throws KafkaUnavailable the broker did not take the request in time */
        public void ask(String service, DeadLetterId id, Action action) {
            var record = new ProducerRecord<>(TOPIC, service.getBytes(StandardCharsets.UTF_8),
                    (action.word() + " " + id).getBytes(StandardCharsets.UTF_8));
            try {
                producer.send(record).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
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

    /** An asker for {@code clientId}; the topic is made if it is missing. */
    public static Asker asker(KafkaSettings settings, String clientId) {
        ensureTopic(settings, clientId);
        return new Asker(settings, clientId);
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
            String[] words = request.split(" ", 2);
            try {
                var id = DeadLetterId.parse(words.length == 2 ? words[1] : "");
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
        var consumer = new KafkaConsumer<byte[], byte[]>(config);
        consumer.subscribe(List.of(TOPIC));
        var performer = new Performer(service, deadLetters, log);
        performer.loop = PollingLoop.start(consumer, "dead-letter-requests", performer::performAll, log);
        return performer;
    }

    private static void ensureTopic(KafkaSettings settings, String clientId) {
        try (var admin = new TopicAdmin(settings, clientId + "-admin", Duration.ofSeconds(30))) {
            admin.ensure(TOPIC, 1, (short) 1);
        }
    }
}
