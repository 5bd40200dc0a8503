package dev.chorus.kafka;

import dev.chorus.core.EventImporter;
import dev.chorus.core.EventType;
import dev.chorus.core.ImportedEvent;
import dev.chorus.core.Metadata;
import dev.chorus.core.NewEvent;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.ValidationError;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;

/**
 * The wire format between services: CloudEvents 1.0 in Kafka binary mode. The key is the stream id (UTF-8, so
 * a stream stays in one partition and keeps its order), the value the event's data (JSON), and the attributes
 * travel as {@code ce_} headers: specversion, id (the event id), source ({@code /chorus/<service>}), type (the
 * event type name), time (recorded-at, RFC 3339), {@code content-type: application/json}, and the extensions
 * {@value #CORRELATION_ID}, {@value #CAUSATION_ID}, {@value #TRACEPARENT} (the distributed-tracing extension, when
 * the event has one) and {@value #TYPE_VERSION} (the type's schema version, left out when it is 1). Any other
 * metadata travels as a {@value #METADATA_PREFIX}{@code <key>} header. The subject (the stream id) is read from
 * {@code ce_subject} when a producer sets it, else from the key, which Chorus's relay alone sends.
 */
public final class CloudEventsWire {
    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/json";
    public static final String CONTENT_TYPE_HEADER = "content-type";
    public static final String PREFIX = "ce_";

    public static final String TYPE_VERSION = "chorustypeversion";
    public static final String CORRELATION_ID = "correlationid";
    public static final String CAUSATION_ID = "causationid";
    public static final String TRACEPARENT = "traceparent";
    public static final String METADATA_PREFIX = "chorus-meta-";

    /** Metadata that has its own attribute, or that belongs to the store it is in and never travels. */
    private static final Set<String> MAPPED = Set.of(Metadata.EVENT_ID, Metadata.CORRELATION_ID,
            Metadata.CAUSATION_ID, Metadata.RECORDED_AT, Metadata.TRACEPARENT, EventImporter.IMPORTED_FROM,
            EventImporter.ORIGIN_RECORDED_AT);

    private CloudEventsWire() {}

    /** The record that publishes {@code event} from {@code source} (e.g. {@code /chorus/orders}) to {@code topic}. */
    public static ProducerRecord<byte[], byte[]> encode(RecordedEvent event, String topic, String source) {
        return encoder(topic, source).encode(event);
    }

    /** Encodes the events of {@code source} for {@code topic}, with the headers they all share made once. */
    public static Encoder encoder(String topic, String source) {
        return new Encoder(topic, source);
    }

    /** Encodes one source's events for one topic; safe for several threads. */
    public static final class Encoder {
        private static final String CE_ID = PREFIX + "id";
        private static final String CE_TYPE = PREFIX + "type";
        private static final String CE_TIME = PREFIX + "time";
        private static final String CE_TYPE_VERSION = PREFIX + TYPE_VERSION;
        private static final String CE_CORRELATION_ID = PREFIX + CORRELATION_ID;
        private static final String CE_CAUSATION_ID = PREFIX + CAUSATION_ID;
        private static final String CE_TRACEPARENT = PREFIX + TRACEPARENT;
        private static final Header SPEC_VERSION_HEADER = header(PREFIX + "specversion", SPEC_VERSION);
        private static final Header CONTENT_TYPE_JSON = header(CONTENT_TYPE_HEADER, CONTENT_TYPE);
        private static final Header EPOCH = header(CE_TIME, Instant.EPOCH.toString());
        /** A service has a few dozen event types: enough to keep their headers, few enough to bound. */
        private static final int MAX_TYPES = 1_024;

        private final String topic;
        private final Header source;
        private final Map<EventType, Header[]> types = new ConcurrentHashMap<>();
        /** Events appended in the same millisecond share their recorded-at text, and so its header. */
        private volatile Header lastTime = EPOCH;

        private Encoder(String topic, String source) {
            this.topic = Objects.requireNonNull(topic, "topic");
            this.source = header(PREFIX + "source", Objects.requireNonNull(source, "source"));
        }

        public ProducerRecord<byte[], byte[]> encode(RecordedEvent event) {
            String id = "";
            String correlation = null;
            String causation = null;
            String time = null;
            String traceparent = null;
            List<Header> others = List.of();
            for (var entry : event.metadata().entrySet()) {
                String value = entry.getValue();
                switch (entry.getKey()) {
                    case Metadata.EVENT_ID -> id = value;
                    case Metadata.CORRELATION_ID -> correlation = value;
                    case Metadata.CAUSATION_ID -> causation = value;
                    case Metadata.RECORDED_AT -> time = value;
                    case Metadata.TRACEPARENT -> traceparent = value;
                    case EventImporter.IMPORTED_FROM, EventImporter.ORIGIN_RECORDED_AT -> { }
                    default -> {
                        if (others.isEmpty()) {
                            others = new ArrayList<>(4);
                        }
                        others.add(header(METADATA_PREFIX + entry.getKey(), value));
                    }
                }
            }
            byte[] idBytes = utf8(id);
            var headers = new RecordHeaders();
            headers.add(SPEC_VERSION_HEADER);
            headers.add(new RecordHeader(CE_ID, idBytes));
            headers.add(source);
            for (Header typeHeader : typeHeaders(event.type())) {
                headers.add(typeHeader);
            }
            headers.add(time(time));
            headers.add(CONTENT_TYPE_JSON);
            headers.add(new RecordHeader(CE_CORRELATION_ID, sameOr(correlation, id, idBytes)));
            headers.add(new RecordHeader(CE_CAUSATION_ID, sameOr(causation, id, idBytes)));
            if (traceparent != null) {
                headers.add(header(CE_TRACEPARENT, traceparent));
            }
            for (Header other : others) {
                headers.add(other);
            }
            return new ProducerRecord<>(topic, null, utf8(event.streamId()), event.data(), headers);
        }

        /** ce_type, and ce_chorustypeversion unless it is 1 (what a reader assumes when it is missing). */
        private Header[] typeHeaders(EventType type) {
            var known = types.get(type);
            if (known != null) {
                return known;
            }
            var name = header(CE_TYPE, type.name());
            var made = type.version() == 1 ? new Header[] {name}
                    : new Header[] {name, header(CE_TYPE_VERSION, Integer.toString(type.version()))};
            if (types.size() < MAX_TYPES) {
                types.put(type, made);
            }
            return made;
        }

        private Header time(@Nullable String recordedAt) {
            if (recordedAt == null) {
                return EPOCH;
            }
            var last = lastTime;
            if (last instanceof TimeHeader known && known.text.equals(recordedAt)) {
                return last;
            }
            var made = new TimeHeader(rfc3339(recordedAt));
            lastTime = made;
            return made;
        }

        /**
         * The store's recorded-at as RFC 3339. Stores write it with {@link Instant#toString()}, which already is:
         * a cheap look at its shape saves parsing it only to print it again.
         */
        private static String rfc3339(String recordedAt) {
            int length = recordedAt.length();
            if (length >= 20 && recordedAt.charAt(4) == '-' && recordedAt.charAt(7) == '-'
                    && recordedAt.charAt(10) == 'T' && recordedAt.charAt(13) == ':' && recordedAt.charAt(16) == ':'
                    && recordedAt.charAt(length - 1) == 'Z') {
                return recordedAt;
            }
            return Instant.parse(recordedAt).toString();
        }

        /** Correlation and causation are often the event's own id: its bytes then serve three headers. */
        private static byte[] sameOr(@Nullable String value, String id, byte[] idBytes) {
            return value == null || value.equals(id) ? idBytes : utf8(value);
        }

        /** A ce_time header that remembers the text it was made from. */
        private static final class TimeHeader extends RecordHeader {
            private final String text;

            TimeHeader(String text) {
                super(CE_TIME, utf8(text));
                this.text = text;
            }
        }
    }

    /**
     * The fact {@code record} carries, ready to import: its event id, correlation, causation and traceparent kept,
     * {@link EventImporter#IMPORTED_FROM} set to the topic and {@link EventImporter#ORIGIN_RECORDED_AT} to
     * {@code ce_time}.
     *
     * @throws MalformedRecord a required attribute is missing or wrong
     */
    public static ImportedEvent decode(ConsumerRecord<byte[], byte[]> record) {
        var reader = new Reader(record);
        String specVersion = reader.required("specversion");
        if (!specVersion.equals(SPEC_VERSION)) {
            throw reader.malformed("ce_specversion is \"" + specVersion + "\"; Chorus reads CloudEvents "
                    + SPEC_VERSION);
        }
        String id = reader.required("id");
        reader.required("source");
        EventType type = reader.type();
        String streamId = reader.streamId();
        String contentType = reader.header(CONTENT_TYPE_HEADER);
        if (contentType != null && !isJson(contentType)) {
            throw reader.malformed("content-type is \"" + contentType + "\"; Chorus imports " + CONTENT_TYPE + " data");
        }
        if (record.value() == null) {
            throw reader.malformed("the value is empty (a tombstone); an event carries its data as the value");
        }
        var metadata = new HashMap<String, String>();
        for (Header header : record.headers()) {
            if (header.key().startsWith(METADATA_PREFIX) && header.value() != null) {
                String key = header.key().substring(METADATA_PREFIX.length());
                if (!key.isEmpty() && !MAPPED.contains(key)) {
                    metadata.put(key, text(header.value()));
                }
            }
        }
        metadata.put(Metadata.EVENT_ID, id);
        reader.optional(CORRELATION_ID).ifPresent(v -> metadata.put(Metadata.CORRELATION_ID, v));
        reader.optional(CAUSATION_ID).ifPresent(v -> metadata.put(Metadata.CAUSATION_ID, v));
        reader.optional(TRACEPARENT).ifPresent(v -> metadata.put(Metadata.TRACEPARENT, v));
        reader.optional("time")
                .ifPresent(time -> metadata.put(EventImporter.ORIGIN_RECORDED_AT, reader.instant(time).toString()));
        metadata.put(EventImporter.IMPORTED_FROM, record.topic());
        try {
            return new ImportedEvent(streamId, new NewEvent(type, record.value(), metadata));
        } catch (ValidationError e) {
            throw reader.malformed(e.getMessage());
        }
    }

    /** The record's {@code ce_type}, without reading or checking anything else; null when it has none. */
    static @Nullable String typeName(ConsumerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(PREFIX + "type");
        return header == null || header.value() == null ? null : text(header.value());
    }

    private static boolean isJson(String contentType) {
        String media = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return media.equals(CONTENT_TYPE) || media.endsWith("+json");
    }

    private static Header header(String key, String value) {
        return new RecordHeader(key, utf8(value));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Reads the attributes of one record, turning every problem into a {@link MalformedRecord} that says where. */
    private record Reader(ConsumerRecord<byte[], byte[]> record) {
        @Nullable String header(String key) {
            Header header = record.headers().lastHeader(key);
            return header == null || header.value() == null ? null : text(header.value());
        }

        Optional<String> optional(String attribute) {
            String value = header(PREFIX + attribute);
            return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
        }

        String required(String attribute) {
            return optional(attribute).orElseThrow(() -> malformed("the required attribute ce_" + attribute
                    + " is missing"));
        }

        EventType type() {
            String name = required("type");
            int version = 1;
            var given = optional(TYPE_VERSION);
            if (given.isPresent()) {
                try {
                    version = Integer.parseInt(given.get());
                } catch (NumberFormatException e) {
                    throw malformed("ce_" + TYPE_VERSION + " is \"" + given.get() + "\", not a number");
                }
            }
            try {
                return EventType.of(name, version);
            } catch (ValidationError e) {
                throw malformed(e.getMessage());
            }
        }

        String streamId() {
            var subject = optional("subject");
            if (subject.isPresent()) {
                return subject.get();
            }
            if (record.key() == null || record.key().length == 0) {
                throw malformed("the stream id is missing: neither ce_subject nor a record key");
            }
            return text(record.key());
        }

        Instant instant(String time) {
            try {
                return OffsetDateTime.parse(time).toInstant();
            } catch (DateTimeParseException e) {
                throw malformed("ce_time is \"" + time + "\", not an RFC 3339 timestamp");
            }
        }

        MalformedRecord malformed(String problem) {
            return new MalformedRecord(record.topic(), record.partition(), record.offset(), problem);
        }
    }
}
