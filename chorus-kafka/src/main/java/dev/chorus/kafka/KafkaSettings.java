package dev.chorus.kafka;

import dev.chorus.core.ValidationError;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * How to reach Kafka: the bootstrap servers and any client properties (SASL, TLS, timeouts, anything), usually
 * read from the file given as {@code --kafka-config FILE}. The file's settings are kept as they are; Chorus adds
 * only what its guarantees need (producer: {@code enable.idempotence=true}, {@code acks=all}; consumer:
 * {@code enable.auto.commit=false}, {@code isolation.level=read_committed}; byte-array serializers) and refuses a
 * file that contradicts them with {@link KafkaConfigConflict}. Nothing security-related is set here.
 */
public record KafkaSettings(String bootstrapServers, Map<String, String> clientProperties) {
    public KafkaSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        clientProperties = Map.copyOf(Objects.requireNonNull(clientProperties, "clientProperties"));
        String fromFile = clientProperties.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        if (bootstrapServers.isBlank()) {
            if (fromFile == null || fromFile.isBlank()) {
                throw new ValidationError("kafka", "no Kafka bootstrap servers: pass --kafka HOST:PORT or set "
                        + CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG + " in the client properties");
            }
            bootstrapServers = fromFile.strip();
        } else if (fromFile != null && !fromFile.strip().equals(bootstrapServers.strip())) {
            throw new KafkaConfigConflict(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, fromFile,
                    "the bootstrap servers were given twice, differently");
        }
        bootstrapServers = bootstrapServers.strip();
        servers(bootstrapServers);
        checkAgainst(clientProperties, producerRequirements());
        checkAgainst(clientProperties, consumerRequirements());
        String inFlight = clientProperties.get(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION);
        if (inFlight != null && !inFlightKeepsOrder(inFlight)) {
            throw new KafkaConfigConflict(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5 or less", inFlight,
                    "an idempotent producer keeps each stream's order only with at most 5 requests in flight");
        }
    }

    /** One bootstrap server. */
    public record Server(String host, int port) {}

    /** The bootstrap servers, each a host and a port as Kafka's clients read them ({@code [::1]:9092} too). */
    public List<Server> servers() {
        return servers(bootstrapServers);
    }

    private static List<Server> servers(String bootstrapServers) {
        var servers = new ArrayList<Server>();
        for (String server : bootstrapServers.split(",")) {
            String trimmed = server.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            String host = Utils.getHost(trimmed);
            Integer port = Utils.getPort(trimmed);
            if (host == null || port == null || port < 1 || port > 65_535) {
                throw new ValidationError("kafka", "'" + trimmed + "' is not HOST:PORT (a port from 1 to 65535): the"
                        + " bootstrap servers are HOST:PORT[,HOST:PORT...], e.g. 127.0.0.1:9092");
            }
            servers.add(new Server(host, port));
        }
        return servers;
    }

    /** Bootstrap servers only: a plaintext cluster with Kafka's defaults. */
    public static KafkaSettings of(String bootstrapServers) {
        return new KafkaSettings(bootstrapServers, Map.of());
    }

    /**
     * Bootstrap servers and the client properties in {@code file} (Java properties format). {@code bootstrapServers}
     * may be empty when the file sets {@code bootstrap.servers}.
     *
     * @throws ValidationError the file cannot be read
     * @throws KafkaConfigConflict the file contradicts what Chorus needs
     */
    public static KafkaSettings load(String bootstrapServers, Path file) {
        var properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ValidationError("kafka-config", "cannot read the Kafka client properties file " + file + ": "
                    + e.getMessage());
        }
        var map = new HashMap<String, String>();
        properties.stringPropertyNames().forEach(key -> map.put(key, properties.getProperty(key).strip()));
        return new KafkaSettings(bootstrapServers, map);
    }

    /**
     * Settings for a producer: idempotent, acks=all, keys and values as bytes, and unless the file sets them
     * {@code linger.ms=0} and {@code batch.size=131072}: Chorus's publishers send many records before they wait
     * for any, so batches fill while earlier requests are in flight, and a record never waits for company
     * (Kafka's own defaults are 5 ms and 16 KiB).
     */
    public Map<String, Object> producer(String clientId) {
        var config = base(clientId);
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "0");
        config.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, "131072");
        config.putAll(producerRequirements());
        return config;
    }

    /** Settings for a consumer in {@code groupId}: offsets committed by Chorus, only committed records read. */
    public Map<String, Object> consumer(String groupId, String clientId) {
        String fileGroup = clientProperties.get(ConsumerConfig.GROUP_ID_CONFIG);
        if (fileGroup != null && !fileGroup.equals(groupId)) {
            throw new KafkaConfigConflict(ConsumerConfig.GROUP_ID_CONFIG, groupId, fileGroup,
                    "each inbox names its own consumer group");
        }
        var config = base(clientId);
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.putIfAbsent(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        config.putAll(consumerRequirements());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        return config;
    }

    /** Settings for an admin client. */
    public Map<String, Object> admin(String clientId) {
        return base(clientId);
    }

    private Map<String, Object> base(String clientId) {
        var config = new HashMap<String, Object>(clientProperties);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.putIfAbsent(CommonClientConfigs.CLIENT_ID_CONFIG, Objects.requireNonNull(clientId, "clientId"));
        return config;
    }

    private static Map<String, String> producerRequirements() {
        return Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    }

    private static Map<String, String> consumerRequirements() {
        return Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    }

    private static void checkAgainst(Map<String, String> given, Map<String, String> required) {
        required.forEach((key, value) -> {
            String actual = given.get(key);
            if (actual != null && !same(key, value, actual)) {
                throw new KafkaConfigConflict(key, value, actual, why(key));
            }
        });
    }

    private static boolean same(String key, String required, String actual) {
        String normalized = actual.strip().toLowerCase(Locale.ROOT);
        if (key.equals(ProducerConfig.ACKS_CONFIG)) {
            return normalized.equals("all") || normalized.equals("-1");
        }
        return key.endsWith("serializer") ? actual.strip().equals(required) : normalized.equals(required);
    }

    private static boolean inFlightKeepsOrder(String value) {
        try {
            int n = Integer.parseInt(value.strip());
            return n >= 1 && n <= 5;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String why(String key) {
        return switch (key) {
            case ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG ->
                    "a retried send must not write a fact twice or out of order";
            case ProducerConfig.ACKS_CONFIG -> "a fact counts as published only once every in-sync replica has it";
            case ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG ->
                    "an offset is committed only after its events are durably imported";
            case ConsumerConfig.ISOLATION_LEVEL_CONFIG -> "an aborted transaction's records must never be imported";
            default -> "Chorus moves keys and values as raw bytes and encodes them itself";
        };
    }

    @Override
    public String toString() {
        // Client properties may hold passwords (sasl.jaas.config, ssl.*.password): never print values.
        return "KafkaSettings[" + bootstrapServers + ", client properties " + clientProperties.keySet() + "]";
    }
}
