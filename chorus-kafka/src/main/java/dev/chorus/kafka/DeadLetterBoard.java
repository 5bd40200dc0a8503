package dev.chorus.kafka;

import dev.chorus.core.EventType;
import dev.chorus.core.handler.DeadLetter;
import dev.chorus.core.handler.DeadLetterId;
import dev.chorus.core.handler.DeadLetterStatus;
import dev.chorus.core.handler.DeadLetterStore;
import dev.chorus.core.handler.Failure;
import dev.chorus.core.state.Namespaced;
import dev.chorus.core.state.StateEntry;
import dev.chorus.core.state.StateStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Every other service's dead letters, read from their dead-letter topics ({@code chorus.<service>.<handler>.dlq},
 * written by each service's {@link DeadLetterPublisher}) into a state store of this process, so that one place (the
 * distributed shop's API) can list them. Each service's copies are a {@link DeadLetterStore} of their own
 * ({@link #of}), the latest record of a dead letter being its state; the services' own stores stay the truth, and a
 * retry or discard is theirs to perform. Offsets are committed after the copies, and reading a record again writes
 * the same copy, so a crash repeats work but loses none.
 */
public final class DeadLetterBoard implements AutoCloseable {
    /** Every dead-letter topic of a service's handler. */
    public static final Pattern EVERY_SERVICE = Pattern.compile("chorus\\.[a-z0-9][a-z0-9_-]*\\..+\\.dlq");
    static final String NAMESPACE = "deadletter-board/";
    private static final String SERVICES = NAMESPACE + "services/";
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration PAUSE_AFTER_FAILURE = Duration.ofSeconds(1);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final StateStore state;
    private final String ownService;
    private final Consumer<String> log;
    private final Thread thread;
    private volatile boolean closing;

    private DeadLetterBoard(KafkaConsumer<byte[], byte[]> consumer, StateStore state, String ownService,
                            Consumer<String> log) {
        this.consumer = consumer;
        this.state = state;
        this.ownService = ownService;
        this.log = log;
        this.thread = Thread.ofPlatform().name("chorus-dead-letter-board").daemon().unstarted(this::run);
    }

    /**
     * Follows the dead-letter topics matching {@code topics} (new ones within seconds) in consumer group
     * {@code group}, copying every service's dead letters but {@code ownService}'s (this process has those itself).
     */
    public static DeadLetterBoard start(KafkaSettings settings, String group, Pattern topics, String ownService,
                                        StateStore state, Consumer<String> log) {
        var config = settings.consumer(group, group);
        config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "2000"); // a service's first dead letter makes a topic
        var consumer = new KafkaConsumer<byte[], byte[]>(config);
        var board = new DeadLetterBoard(consumer, Objects.requireNonNull(state, "state"),
                Objects.requireNonNull(ownService, "ownService"), Objects.requireNonNull(log, "log"));
        consumer.subscribe(Objects.requireNonNull(topics, "topics"));
        board.thread.start();
        return board;
    }

    /** The services whose dead letters the board has copies of, each with its copies, by service name. */
    public static Map<String, DeadLetterStore> of(StateStore state) {
        var services = new LinkedHashMap<String, DeadLetterStore>();
        state.forEach(SERVICES, entry -> services.put(service(entry), storeOf(state, service(entry))));
        return services;
    }

    private static String service(StateEntry entry) {
        return entry.key().substring(SERVICES.length());
    }

    private static DeadLetterStore storeOf(StateStore state, String service) {
        return new DeadLetterStore(new Namespaced(state, NAMESPACE + "of/" + service + "/"));
    }

    private void run() {
        while (!closing) {
            ConsumerRecords<byte[], byte[]> records;
            try {
                records = consumer.poll(POLL);
            } catch (WakeupException closed) {
                break;
            } catch (RuntimeException e) { // a topic it may not read, say: the board goes on with the others
                log.accept("dead-letter board: reading failed (" + e + "); trying again");
                pause();
                continue;
            }
            if (records.isEmpty()) {
                continue;
            }
            try {
                copy(records);
                consumer.commitSync(Polled.nextOffsets(records));
            } catch (WakeupException closed) {
                break;
            } catch (RuntimeException e) {
                log.accept("dead-letter board: " + e.getMessage() + "; reading those records again");
                Polled.seekBack(consumer, records);
                pause();
            }
        }
        consumer.close();
    }

    private void copy(ConsumerRecords<byte[], byte[]> records) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            var copy = parse(record);
            if (copy.isEmpty() || copy.get().service().equals(ownService)) {
                continue;
            }
            String service = copy.get().service();
            if (state.get(SERVICES + service).isEmpty()) {
                state.put(SERVICES + service, new byte[0]);
            }
            storeOf(state, service).put(copy.get().letter());
        }
    }

    record Copy(String service, DeadLetter letter) {}

    /** The dead letter a record describes, or empty for a record that is none (written by other tooling, say). */
    static Optional<Copy> parse(ConsumerRecord<byte[], byte[]> record) {
        var headers = new HashMap<String, String>();
        record.headers().forEach(header -> headers.put(header.key(), new String(header.value(),
                StandardCharsets.UTF_8)));
        String handler = headers.get(DeadLetterPublisher.HANDLER);
        String stream = headers.get(DeadLetterPublisher.STREAM);
        String suffix = handler == null ? "" : "." + handler + ".dlq";
        if (handler == null || stream == null || !record.topic().endsWith(suffix)) {
            return Optional.empty();
        }
        try {
            String service = record.topic().substring("chorus.".length(), record.topic().length() - suffix.length());
            var id = DeadLetterId.parse(new String(record.key(), StandardCharsets.UTF_8));
            Instant lastFailed = Instant.parse(headers.get(DeadLetterPublisher.LAST_FAILED_AT));
            var letter = new DeadLetter(handler, id.position(), stream,
                    EventType.of(headers.get(DeadLetterPublisher.EVENT_TYPE),
                            Integer.parseInt(headers.get(DeadLetterPublisher.EVENT_TYPE_VERSION))),
                    headers.get(DeadLetterPublisher.EVENT_ID),
                    new Failure(headers.get(DeadLetterPublisher.FAILURE_CLASS),
                            headers.getOrDefault(DeadLetterPublisher.FAILURE_MESSAGE, ""),
                            "(in the service's own store: chorus dlq show)"),
                    Integer.parseInt(headers.get(DeadLetterPublisher.ATTEMPTS)),
                    Instant.parse(headers.get(DeadLetterPublisher.FIRST_FAILED_AT)), lastFailed,
                    Boolean.parseBoolean(headers.get(DeadLetterPublisher.PARKS_STREAM)),
                    DeadLetterStatus.of(headers.get(DeadLetterPublisher.STATUS),
                            Optional.ofNullable(headers.get(DeadLetterPublisher.STATUS_AT)).map(Instant::parse)));
            return Optional.of(new Copy(service, letter));
        } catch (RuntimeException unreadable) {
            return Optional.empty(); // not one of ours: the board shows what it can read and goes on
        }
    }

    private void pause() {
        try {
            Thread.sleep(PAUSE_AFTER_FAILURE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closing = true;
        }
    }

    /** Stops reading and closes the consumer (what was copied stays). */
    @Override
    public void close() {
        closing = true;
        consumer.wakeup();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
