package dev.chorus.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.EventImporter;
import dev.chorus.core.EventType;
import dev.chorus.core.Metadata;
import dev.chorus.core.RecordedEvent;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CloudEventsWireTest {
    private static final String TOPIC = "chorus.orders";
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private static RecordedEvent placed() {
        var metadata = new HashMap<String, String>();
        metadata.put(Metadata.EVENT_ID, "0190a1b2-0000-7000-8000-000000000001");
        metadata.put(Metadata.CORRELATION_ID, "order-42");
        metadata.put(Metadata.CAUSATION_ID, "cmd-7");
        metadata.put(Metadata.RECORDED_AT, "2026-05-01T10:15:30.123Z");
        metadata.put(Metadata.TRACEPARENT, TRACEPARENT);
        metadata.put("tenant", "acme");
        return new RecordedEvent(17, "order-42é", 3, EventType.of("OrderPlaced", 2),
                "{\"total\":12}".getBytes(StandardCharsets.UTF_8), metadata);
    }

    private static ConsumerRecord<byte[], byte[]> received(ProducerRecord<byte[], byte[]> sent) {
        return received(sent.key(), sent.value(), sent.headers());
    }

    private static ConsumerRecord<byte[], byte[]> received(byte[] key, byte[] value, Headers headers) {
        return new ConsumerRecord<>(TOPIC, 2, 99, 0L, TimestampType.CREATE_TIME, -1, -1, key, value, headers,
                Optional.empty());
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String key) {
        var header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Nested
    class Encoding {
        @Test
        void writes_cloudevents_binary_mode_keyed_by_stream() {
            var record = CloudEventsWire.encode(placed(), TOPIC, "/chorus/orders");

            assertThat(record.topic()).isEqualTo(TOPIC);
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("order-42é");
            assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("{\"total\":12}");
            assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
            assertThat(header(record, "ce_id")).isEqualTo("0190a1b2-0000-7000-8000-000000000001");
            assertThat(header(record, "ce_source")).isEqualTo("/chorus/orders");
            assertThat(header(record, "ce_type")).isEqualTo("OrderPlaced");
            assertThat(header(record, "ce_time")).isEqualTo("2026-05-01T10:15:30.123Z");
            assertThat(header(record, "content-type")).isEqualTo("application/json");
            assertThat(header(record, "ce_chorustypeversion")).isEqualTo("2");
            assertThat(header(record, "ce_correlationid")).isEqualTo("order-42");
            assertThat(header(record, "ce_causationid")).isEqualTo("cmd-7");
            assertThat(header(record, "ce_traceparent")).isEqualTo(TRACEPARENT);
            assertThat(header(record, "chorus-meta-tenant")).isEqualTo("acme");
            assertThat(header(record, "chorus-meta-recorded-at")).isNull();
            assertThat(record.headers().toArray()).as("the stream id travels once, as the key").hasSize(11);
        }

        @Test
        void leaves_out_the_type_version_when_it_is_one_and_it_decodes_as_one() {
            var event = placed();
            var first = new RecordedEvent(0, "s", 0, EventType.of("OrderNoted", 1), event.data(), event.metadata());

            var record = CloudEventsWire.encode(first, TOPIC, "/chorus/orders");

            assertThat(header(record, "ce_chorustypeversion")).isNull();
            assertThat(CloudEventsWire.decode(received(record)).event().type())
                    .isEqualTo(EventType.of("OrderNoted", 1));
        }

        @Test
        void takes_a_recorded_at_written_otherwise_as_the_same_instant_in_utc() {
            var event = placed();
            var metadata = new HashMap<>(event.metadata());
            metadata.put(Metadata.RECORDED_AT, "2026-05-01T12:15:30.123+02:00");
            var elsewhere = new RecordedEvent(0, "s", 0, event.type(), event.data(), metadata);
            var encoder = CloudEventsWire.encoder(TOPIC, "/chorus/orders");

            assertThat(header(encoder.encode(elsewhere), "ce_time")).isEqualTo("2026-05-01T10:15:30.123Z");
            assertThat(header(encoder.encode(event), "ce_time")).isEqualTo("2026-05-01T10:15:30.123Z");
        }

        @Test
        void gives_correlation_and_causation_the_event_id_when_the_event_has_none() {
            var event = placed();
            var metadata = new HashMap<>(event.metadata());
            metadata.remove(Metadata.CORRELATION_ID);
            metadata.remove(Metadata.CAUSATION_ID);
            var first = new RecordedEvent(0, "s", 0, event.type(), event.data(), metadata);

            var record = CloudEventsWire.encode(first, TOPIC, "/chorus/orders");

            assertThat(header(record, "ce_correlationid")).isEqualTo(event.eventId());
            assertThat(header(record, "ce_causationid")).isEqualTo(event.eventId());
        }

        @Test
        void names_every_extension_as_the_cloudevents_spec_allows() {
            var record = CloudEventsWire.encode(placed(), TOPIC, "/chorus/orders");

            for (var header : record.headers()) {
                if (header.key().startsWith("ce_")) {
                    assertThat(header.key().substring(3)).matches("[a-z0-9]{1,20}");
                }
            }
        }

        @Test
        void leaves_out_a_traceparent_the_event_does_not_have() {
            var event = placed();
            var metadata = new HashMap<>(event.metadata());
            metadata.remove(Metadata.TRACEPARENT);
            var plain = new RecordedEvent(0, "s", 0, event.type(), event.data(), metadata);

            assertThat(header(CloudEventsWire.encode(plain, TOPIC, "/chorus/orders"), "ce_traceparent")).isNull();
        }
    }

    @Nested
    class Round_trip {
        @Test
        void decodes_what_it_encoded_into_an_import_keeping_ids_and_origin() {
            var event = placed();

            var imported = CloudEventsWire.decode(received(CloudEventsWire.encode(event, TOPIC, "/chorus/orders")));

            assertThat(imported.streamId()).isEqualTo("order-42é");
            assertThat(imported.eventId()).isEqualTo(event.eventId());
            assertThat(imported.event().type()).isEqualTo(EventType.of("OrderPlaced", 2));
            assertThat(imported.event().data()).isEqualTo(event.data());
            assertThat(imported.event().metadata()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    Metadata.EVENT_ID, event.eventId(),
                    Metadata.CORRELATION_ID, "order-42",
                    Metadata.CAUSATION_ID, "cmd-7",
                    Metadata.TRACEPARENT, TRACEPARENT,
                    EventImporter.IMPORTED_FROM, TOPIC,
                    EventImporter.ORIGIN_RECORDED_AT, "2026-05-01T10:15:30.123Z",
                    "tenant", "acme"));
        }

        @Test
        void reads_a_time_with_an_offset_as_the_same_instant() {
            var record = CloudEventsWire.encode(placed(), TOPIC, "/chorus/orders");
            record.headers().remove("ce_time").add("ce_time", bytes("2026-05-01T12:15:30.123+02:00"));

            var imported = CloudEventsWire.decode(received(record));

            assertThat(imported.event().metadata()).containsEntry(EventImporter.ORIGIN_RECORDED_AT,
                    "2026-05-01T10:15:30.123Z");
        }

        @Test
        void a_foreign_cloudevent_without_chorus_extensions_is_imported_as_version_one_keyed_stream() {
            var headers = new RecordHeaders().add("ce_specversion", bytes("1.0")).add("ce_id", bytes("x-1"))
                    .add("ce_source", bytes("/legacy/billing")).add("ce_type", bytes("InvoiceSent"));

            var imported = CloudEventsWire.decode(received(bytes("invoice-9"), bytes("{}"), headers));

            assertThat(imported.streamId()).isEqualTo("invoice-9");
            assertThat(imported.event().type()).isEqualTo(EventType.of("InvoiceSent", 1));
            assertThat(imported.event().metadata()).containsOnlyKeys(Metadata.EVENT_ID, EventImporter.IMPORTED_FROM);
        }
    }

    @Nested
    class Malformed_records_name_where_they_are_and_what_is_wrong {
        private void assertMalformed(Consumer<Headers> damage, String problem) {
            var record = CloudEventsWire.encode(placed(), TOPIC, "/chorus/orders");
            damage.accept(record.headers());

            assertThatThrownBy(() -> CloudEventsWire.decode(received(record)))
                    .isInstanceOfSatisfying(MalformedRecord.class, e -> {
                        assertThat(e.topic()).isEqualTo(TOPIC);
                        assertThat(e.partition()).isEqualTo(2);
                        assertThat(e.offset()).isEqualTo(99);
                        assertThat(e.problem()).contains(problem);
                    })
                    .hasMessageContaining("chorus.orders/2@99");
        }

        @Test
        void each_required_attribute_missing() {
            for (String attribute : new String[] {"specversion", "id", "source", "type"}) {
                assertMalformed(headers -> headers.remove("ce_" + attribute), "ce_" + attribute + " is missing");
            }
        }

        @Test
        void another_spec_version() {
            assertMalformed(headers -> headers.remove("ce_specversion").add("ce_specversion", bytes("0.3")),
                    "\"0.3\"");
        }

        @Test
        void a_type_chorus_cannot_name_or_a_version_that_is_not_a_number() {
            assertMalformed(headers -> headers.remove("ce_type").add("ce_type", bytes("9 lives")), "9 lives");
            assertMalformed(headers -> headers.remove("ce_chorustypeversion").add("ce_chorustypeversion", bytes("two")),
                    "not a number");
        }

        @Test
        void a_time_that_is_not_rfc_3339() {
            assertMalformed(headers -> headers.remove("ce_time").add("ce_time", bytes("yesterday")), "RFC 3339");
        }

        @Test
        void data_that_is_not_json() {
            assertMalformed(headers -> headers.remove("content-type").add("content-type", bytes("text/plain")),
                    "text/plain");
        }

        @Test
        void no_stream_id_at_all() {
            var headers = new RecordHeaders().add("ce_specversion", bytes("1.0")).add("ce_id", bytes("x-1"))
                    .add("ce_source", bytes("/legacy")).add("ce_type", bytes("T"));

            assertThatThrownBy(() -> CloudEventsWire.decode(received(null, bytes("{}"), headers)))
                    .isInstanceOfSatisfying(MalformedRecord.class,
                            e -> assertThat(e.problem()).contains("stream id is missing"));
        }

        @Test
        void a_tombstone() {
            var sent = CloudEventsWire.encode(placed(), TOPIC, "/chorus/orders");

            assertThatThrownBy(() -> CloudEventsWire.decode(received(sent.key(), null, sent.headers())))
                    .isInstanceOfSatisfying(MalformedRecord.class, e -> assertThat(e.problem()).contains("tombstone"));
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
