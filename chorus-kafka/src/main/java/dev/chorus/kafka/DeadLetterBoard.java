package dev.chorus.kafka;

import dev.chorus.core.EventType;
import dev.chorus.core.ValidationError;
import dev.chorus.core.handler.DeadLetter;
import dev.chorus.core.handler.DeadLetterId;
import dev.chorus.core.handler.DeadLetterStatus;
import dev.chorus.core.handler.DeadLetterStore;
import dev.chorus.core.handler.Failure;
import dev.chorus.core.state.Namespaced;
import dev.chorus.core.state.StateEntry;
import dev.chorus.core.state.StateStore;
import java.nio.charset.StandardCharsets;
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
    public static final Pattern EVERY_SERVICE = Pattern.compile("chorus\\.[^.]+\\..+\\.dlq");
    static final String NAMESPACE = "deadletter-board/";
    private static final String SERVICES = NAMESPACE + "services/";

    private final StateStore state;
    private final String ownService;
    private final Consumer<String> log;
    private PollingLoop loop;

    private DeadLetterBoard(StateStore state, String ownService, Consumer<String> log) {
        this.state = state;
        this.ownService = ownService;
        this.log = log;
    }

    /**
     * Follows the dead-letter topics matching {@code topics} (new ones within seconds) in consumer group
     * {@code group}, copying every service's dead letters but {@code ownService}'s (this process has those itself).
     */
    public static DeadLetterBoard start(KafkaSettings settings, String group, Pattern topics, String ownService,
                                        StateStore state, Consumer<String> log) {
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(ownService, "ownService");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(log, "log");
        var config = settings.consumer(group, group);
        config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "2000"); // a service's first dead letter makes a topic
        var consumer = new KafkaConsumer<byte[], byte[]>(config);
        consumer.subscribe(topics);
        var board = new DeadLetterBoard(state, ownService, log);
        board.loop = PollingLoop.start(consumer, "dead-letter-board", board::copy, log);
        return board;
    }

    /** The services whose dead letters the board has copies of, each with its copies, by service name. */
    public static Map<String, DeadLetterStore> of(StateStore state) {
        var services = new LinkedHashMap<String, DeadLetterStore>();
        state.forEach(SERVICES, entry -> services.put(service(entry), storeOf(state, service(entry))));
        return services;
    }

    /** Keeps {@code copy} as {@code service}'s dead letter in {@code state}, replacing the one of the same id. */
    public static void keep(StateStore state, String service, DeadLetter copy) {
        if (state.get(SERVICES + service).isEmpty()) {
            state.put(SERVICES + service, new byte[0]);
        }
        storeOf(state, service).put(copy);
    }

    private static String service(StateEntry entry) {
        return entry.key().substring(SERVICES.length());
    }

    private static DeadLetterStore storeOf(StateStore state, String service) {
        return new DeadLetterStore(new Namespaced(state, NAMESPACE + "of/" + service + "/"));
    }

    private void copy(ConsumerRecords<byte[], byte[]> records) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            var copy = parse(record);
            if (copy.isEmpty() || copy.get().service().equals(ownService)) {
                continue;
            }
            try {
                keep(state, copy.get().service(), copy.get().letter());
            } catch (ValidationError cannotKeep) { // a name too long for a key, say: this record only
                log.accept("dead-letter board: skipped " + record.topic() + "@" + record.offset() + ": "
                        + cannotKeep.getMessage());
            }
        }
    }

    record Copy(String service, DeadLetter letter) {}

    /**
     * The dead letter a record describes, or empty for a record that is none (an inbox's dead letter, or other
     * tooling's). A record of the mirror's first version names the event only by its CloudEvents headers.
     */
    static Optional<Copy> parse(ConsumerRecord<byte[], byte[]> record) {
        try {
            var headers = new HashMap<String, String>();
            record.headers().forEach(header -> {
                if (header.value() != null) {
                    headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
                }
            });
            String handler = headers.get(DeadLetterPublisher.HANDLER);
            String suffix = "." + handler + ".dlq";
            if (handler == null || record.key() == null || !record.topic().endsWith(suffix)) {
                return Optional.empty();
            }
            String service = record.topic().substring("chorus.".length(), record.topic().length() - suffix.length());
            var id = DeadLetterId.parse(new String(record.key(), StandardCharsets.UTF_8));
            String version = headers.getOrDefault(DeadLetterPublisher.EVENT_TYPE_VERSION,
                    headers.getOrDefault(CloudEventsWire.PREFIX + CloudEventsWire.TYPE_VERSION, "1"));
            var letter = new DeadLetter(handler, id.position(), headers.getOrDefault(DeadLetterPublisher.STREAM, ""),
                    EventType.of(headers.getOrDefault(DeadLetterPublisher.EVENT_TYPE,
                            headers.getOrDefault(CloudEventsWire.PREFIX + "type", "unknown")), Integer.parseInt(version)),
                    headers.getOrDefault(DeadLetterPublisher.EVENT_ID,
                            headers.getOrDefault(CloudEventsWire.PREFIX + "id", "")),
                    new Failure(headers.getOrDefault(DeadLetterPublisher.FAILURE_CLASS, "unknown"),
                            headers.getOrDefault(DeadLetterPublisher.FAILURE_MESSAGE, ""),
                            "(in the service's own store: chorus dlq show)"),
                    Integer.parseInt(headers.get(DeadLetterPublisher.ATTEMPTS)),
                    Instant.parse(headers.get(DeadLetterPublisher.FIRST_FAILED_AT)),
                    Instant.parse(headers.get(DeadLetterPublisher.LAST_FAILED_AT)),
                    Boolean.parseBoolean(headers.get(DeadLetterPublisher.PARKS_STREAM)),
                    DeadLetterStatus.of(headers.get(DeadLetterPublisher.STATUS),
                            Optional.ofNullable(headers.get(DeadLetterPublisher.STATUS_AT)).map(Instant::parse)
                                    .or(() -> Optional.ofNullable(headers.get(DeadLetterPublisher.LAST_FAILED_AT))
                                            .map(Instant::parse))));
            return Optional.of(new Copy(service, letter));
        } catch (RuntimeException unreadable) {
            return Optional.empty(); // not one of ours: the board shows what it can read and goes on
        }
    }

    /** Stops reading and closes the consumer (what was copied stays). */
    @Override
    public void close() {
        loop.close();
    }
}
