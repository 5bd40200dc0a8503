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
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.jspecify.annotations.Nullable;

/**
 * The wire format between services: CloudEvents 1.0 in Kafka binary mode. The key is the stream id (UTF-8, so
 * a stream stays in one partition and keeps its order), the value the event's data (JSON), and the attributes
 * travel as {@code ce_} headers: specversion, id (the event id), source ({@code /chorus/<service>}), type (the
 * event type name), time (recorded-at, RFC 3339), subject (the stream id), {@code content-type: application/json},
 * and the extensions {@value #TYPE_VERSION} (schema version of the type), {@value #CORRELATION_ID},
 * {@value #CAUSATION_ID}, {@value #TRACEPARENT} (the distributed-tracing extension), {@value #POSITION} and
 * {@value #STREAM_VERSION} (where the fact sits in its origin store). Any other metadata travels as a
 * {@value #METADATA_PREFIX}{@code <key>} header.
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
    public static final String POSITION = "chorusposition";
    public static final String STREAM_VERSION = "chorusstreamversion";
    public static final String METADATA_PREFIX = "chorus-meta-";

    /** Metadata that has its own attribute, or that belongs to the store it is in and never travels. */
    private static final Set<String> MAPPED = Set.of(Metadata.EVENT_ID, Metadata.CORRELATION_ID,
            Metadata.CAUSATION_ID, Metadata.RECORDED_AT, Metadata.TRACEPARENT, EventImporter.IMPORTED_FROM,
            EventImporter.ORIGIN_RECORDED_AT);

    private CloudEventsWire() {}

    /** The record that publishes {@code event} from {@code source} (e.g. {@code /chorus/orders}) to {@code topic}. */
    public static ProducerRecord<byte[], byte[]> encode(RecordedEvent event, String topic, String source) {
        var headers = new ArrayList<Header>(13);
        add(headers, "specversion", SPEC_VERSION);
        add(headers, "id", event.eventId());
        add(headers, "source", source);
        add(headers, "type", event.type().name());
        add(headers, "time", event.recordedAt().toString());
        add(headers, "subject", event.streamId());
        headers.add(header(CONTENT_TYPE_HEADER, CONTENT_TYPE));
        add(headers, TYPE_VERSION, Integer.toString(event.type().version()));
        add(headers, CORRELATION_ID, event.correlationId());
        add(headers, CAUSATION_ID, event.causationId());
        event.traceparent().ifPresent(traceparent -> add(headers, TRACEPARENT, traceparent));
        add(headers, POSITION, Long.toString(event.position()));
        add(headers, STREAM_VERSION, Long.toString(event.version()));
        event.metadata().forEach((key, value) -> {
            if (!MAPPED.contains(key)) {
                headers.add(header(METADATA_PREFIX + key, value));
            }
        });
        return new ProducerRecord<>(topic, null, utf8(event.streamId()), event.data(), headers);
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

    private static boolean isJson(String contentType) {
        String media = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return media.equals(CONTENT_TYPE) || media.endsWith("+json");
    }

    private static void add(List<Header> headers, String attribute, String value) {
        headers.add(header(PREFIX + attribute, value));
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
