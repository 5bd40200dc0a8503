package dev.chorus.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AppendPreparationTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:34:56.789Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final EventType PLACED = EventType.of("OrderPlaced", 1);

    @Nested
    class Stamping {
        private final AppendPreparation preparation = new AppendPreparation(StoreLimits.DEFAULT, CLOCK);

        @Test
        void an_event_without_metadata_gets_a_uuid_v7_event_id_from_the_clock() {
            var stamped = preparation.prepare("order-1", ExpectedVersion.any(), List.of(event("{}")));

            var eventId = UUID.fromString(stamped.getFirst().metadata().get(Metadata.EVENT_ID));
            assertThat(eventId.version()).isEqualTo(7);
            assertThat(UuidV7.millisOf(eventId)).isEqualTo(NOW.toEpochMilli());
        }

        @Test
        void the_recorded_at_is_the_clock_instant() {
            var stamped = preparation.prepare("order-1", ExpectedVersion.any(), List.of(event("{}")));

            assertThat(stamped.getFirst().metadata()).containsEntry(Metadata.RECORDED_AT, NOW.toString());
        }

        @Test
        void correlation_and_causation_default_to_the_event_id() {
            var metadata = preparation.prepare("order-1", ExpectedVersion.any(), List.of(event("{}")))
                    .getFirst().metadata();

            assertThat(metadata.get(Metadata.CORRELATION_ID)).isEqualTo(metadata.get(Metadata.EVENT_ID));
            assertThat(metadata.get(Metadata.CAUSATION_ID)).isEqualTo(metadata.get(Metadata.EVENT_ID));
        }

        @Test
        void given_ids_and_trace_context_are_kept_as_they_are() {
            var given = Map.of(Metadata.EVENT_ID, "0189abcd-ef01-7000-8000-000000000001",
                    Metadata.CORRELATION_ID, "corr-1", Metadata.CAUSATION_ID, "cause-1",
                    Metadata.TRACEPARENT, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                    "tenant", "acme");

            var metadata = preparation.prepare("order-1", ExpectedVersion.any(),
                    List.of(event("{}").withMetadata(given))).getFirst().metadata();

            assertThat(metadata).containsAllEntriesOf(given).containsEntry(Metadata.RECORDED_AT, NOW.toString())
                    .hasSize(given.size() + 1);
        }

        @Test
        void a_given_recorded_at_is_replaced_by_the_store_clock() {
            var backdated = event("{}").withMetadata(Map.of(Metadata.RECORDED_AT, "1999-12-31T23:59:59Z"));

            var metadata = preparation.prepare("order-1", ExpectedVersion.any(), List.of(backdated))
                    .getFirst().metadata();

            assertThat(metadata).containsEntry(Metadata.RECORDED_AT, NOW.toString());
        }

        @Test
        void every_event_of_an_append_gets_its_own_id_and_keeps_its_order_and_data() {
            var events = List.of(event("first"), event("second"), event("third"));

            var stamped = preparation.prepare("order-1", ExpectedVersion.any(), events);

            assertThat(stamped).extracting(e -> new String(e.data(), StandardCharsets.UTF_8))
                    .containsExactly("first", "second", "third");
            assertThat(stamped).extracting(e -> e.metadata().get(Metadata.EVENT_ID)).doesNotHaveDuplicates();
            assertThat(events).allSatisfy(e -> assertThat(e.metadata()).isEmpty());
        }
    }

    @Nested
    class Refusals {
        private final AppendPreparation preparation = new AppendPreparation(StoreLimits.DEFAULT, CLOCK);

        @Test
        void an_append_without_events_is_refused() {
            assertThatThrownBy(() -> preparation.prepare("order-1", ExpectedVersion.any(), List.of()))
                    .isInstanceOfSatisfying(ValidationError.class, e -> assertThat(e.field()).isEqualTo("events"))
                    .isNotInstanceOf(LimitExceeded.class);
        }

        @Test
        void a_bad_stream_id_is_refused_before_the_events_are_looked_at() {
            assertThatThrownBy(() -> preparation.prepare("$system", ExpectedVersion.any(), List.of()))
                    .isInstanceOfSatisfying(ValidationError.class, e -> assertThat(e.field()).isEqualTo("streamId"));
        }

        @Test
        void an_empty_metadata_key_is_refused() {
            var event = event("{}").withMetadata(Map.of("", "value"));

            assertThatThrownBy(() -> preparation.prepare("order-1", ExpectedVersion.any(), List.of(event)))
                    .isInstanceOfSatisfying(ValidationError.class,
                            e -> assertThat(e.field()).isEqualTo("metadata"));
        }
    }

    @Nested
    class Limits {
        @Test
        void an_event_exactly_at_the_byte_limit_passes_and_one_byte_more_does_not() {
            var event = event("x".repeat(1_000));
            long size = stampedSize("order-1", event);

            var atLimit = new AppendPreparation(StoreLimits.DEFAULT.withMaxEventBytes((int) size), CLOCK);
            var belowLimit = new AppendPreparation(StoreLimits.DEFAULT.withMaxEventBytes((int) size - 1), CLOCK);

            assertThat(atLimit.prepare("order-1", ExpectedVersion.any(), List.of(event))).hasSize(1);
            assertThatThrownBy(() -> belowLimit.prepare("order-1", ExpectedVersion.any(), List.of(event)))
                    .isInstanceOfSatisfying(LimitExceeded.class, e -> {
                        assertThat(e.field()).isEqualTo("event bytes");
                        assertThat(e.limit()).isEqualTo(size - 1);
                        assertThat(e.actual()).isEqualTo(size);
                    });
        }

        @Test
        void the_event_size_counts_the_stream_id_and_metadata_in_utf_8_bytes_not_characters() {
            var event = event("{}").withMetadata(Map.of("note", "größer"));

            long ascii = stampedSize("order", event);
            long accented = stampedSize("ördér", event);

            assertThat(accented - ascii).isEqualTo(2);
            assertThat(bytesOf(Map.of("note", "größer"))).isEqualTo("note".length() + "größer".length() + 2);
        }

        @Test
        void metadata_over_its_limit_is_refused_counting_the_stamped_keys_too() {
            var limits = new StoreLimits(1 << 20, 1 << 20, 100, 200, 200);
            var preparation = new AppendPreparation(limits, CLOCK);
            var event = event("{}").withMetadata(Map.of("note", "n".repeat(100)));

            assertThatThrownBy(() -> preparation.prepare("order-1", ExpectedVersion.any(), List.of(event)))
                    .isInstanceOfSatisfying(LimitExceeded.class, e -> {
                        assertThat(e.field()).isEqualTo("metadata bytes");
                        assertThat(e.limit()).isEqualTo(200);
                        assertThat(e.actual()).isGreaterThan(200);
                    });
        }

        @Test
        void more_events_than_an_append_may_hold_are_refused() {
            var limits = new StoreLimits(1 << 20, 1 << 20, 3, 200, 16 << 10);
            var preparation = new AppendPreparation(limits, CLOCK);

            assertThat(preparation.prepare("order-1", ExpectedVersion.any(), Collections.nCopies(3, event("{}"))))
                    .hasSize(3);
            assertThatThrownBy(() -> preparation.prepare("order-1", ExpectedVersion.any(),
                    Collections.nCopies(4, event("{}"))))
                    .isInstanceOfSatisfying(LimitExceeded.class, e -> {
                        assertThat(e.field()).isEqualTo("events per append");
                        assertThat(e.limit()).isEqualTo(3);
                        assertThat(e.actual()).isEqualTo(4);
                    });
        }

        @Test
        void events_each_under_the_event_limit_can_together_exceed_the_append_limit() {
            var event = event("x".repeat(4_000));
            long size = stampedSize("order-1", event);
            var limits = new StoreLimits((int) size, (int) (3 * size - 1), 100, 200, 16 << 10);
            var preparation = new AppendPreparation(limits, CLOCK);

            assertThat(preparation.prepare("order-1", ExpectedVersion.any(), List.of(event, event))).hasSize(2);
            assertThatThrownBy(() -> preparation.prepare("order-1", ExpectedVersion.any(),
                    List.of(event, event, event)))
                    .isInstanceOfSatisfying(LimitExceeded.class, e -> {
                        assertThat(e.field()).isEqualTo("append bytes");
                        assertThat(e.actual()).isEqualTo(3 * size);
                    });
        }

        @Test
        void a_stream_id_longer_than_the_configured_maximum_is_refused() {
            var limits = new StoreLimits(1 << 20, 1 << 20, 100, 8, 16 << 10);
            var preparation = new AppendPreparation(limits, CLOCK);

            assertThat(preparation.prepare("order-12", ExpectedVersion.any(), List.of(event("{}")))).hasSize(1);
            assertThatThrownBy(() -> preparation.prepare("order-123", ExpectedVersion.any(), List.of(event("{}"))))
                    .isInstanceOf(LimitExceeded.class);
        }

        @Test
        void inconsistent_limits_are_refused_when_configured() {
            assertThatThrownBy(() -> new StoreLimits(2_000, 1_000, 10, 10, 10))
                    .isInstanceOfSatisfying(ValidationError.class,
                            e -> assertThat(e.field()).isEqualTo("maxAppendBytes"));
            assertThatThrownBy(() -> new StoreLimits(1_000, 1_000, 0, 10, 10))
                    .isInstanceOfSatisfying(ValidationError.class,
                            e -> assertThat(e.field()).isEqualTo("maxEventsPerAppend"));
        }
    }

    /** The documented size of an event once stamped: data, type name, metadata and stream id. */
    private static long stampedSize(String streamId, NewEvent event) {
        var stamped = new AppendPreparation(StoreLimits.DEFAULT, CLOCK)
                .prepare(streamId, ExpectedVersion.any(), List.of(event)).getFirst();
        return stamped.data().length + stamped.type().name().length() + bytesOf(stamped.metadata())
                + streamId.getBytes(StandardCharsets.UTF_8).length;
    }

    private static long bytesOf(Map<String, String> metadata) {
        var parts = new ArrayList<String>();
        metadata.forEach((k, v) -> {
            parts.add(k);
            parts.add(v);
        });
        return parts.stream().mapToLong(s -> s.getBytes(StandardCharsets.UTF_8).length).sum();
    }

    private static NewEvent event(String json) {
        return NewEvent.of(PLACED, json.getBytes(StandardCharsets.UTF_8));
    }
}
