package dev.chorus.testkit;

import static dev.chorus.core.ExpectedVersion.any;
import static dev.chorus.core.ExpectedVersion.noStream;
import static dev.chorus.testkit.TestEvents.event;
import static dev.chorus.testkit.TestEvents.events;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.Metadata;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.UuidV7;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The metadata a store stamps on every event, and the metadata it keeps as given. */
public abstract class MetadataContract extends Contract {
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    protected MetadataContract(StoreFixture fixture) {
        super(fixture);
    }

    @Test
    void the_event_id_is_a_uuid_v7_made_in_the_millisecond_of_the_store_clock() {
        store().append("order-1", noStream(), event("placed"));
        Instant later = clock().advance(Duration.ofHours(5).plusMillis(7));
        store().append("order-1", any(), event("paid"));

        var stream = store().readStream("order-1");
        assertThat(uuidOf(stream.get(0)).version()).isEqualTo(7);
        assertThat(UuidV7.millisOf(uuidOf(stream.get(0)))).isEqualTo(StoreFixture.START.toEpochMilli());
        assertThat(UuidV7.millisOf(uuidOf(stream.get(1)))).isEqualTo(later.toEpochMilli());
    }

    @Test
    void recorded_at_is_the_instant_of_the_store_clock_when_the_event_was_appended() {
        store().append("order-1", noStream(), event("placed"));
        Instant later = clock().advance(Duration.ofDays(1).plusMillis(250));
        store().append("order-1", any(), event("paid"));

        assertThat(store().readStream("order-1")).extracting(RecordedEvent::recordedAt)
                .containsExactly(StoreFixture.START, later);
    }

    @Test
    void correlation_and_causation_default_to_the_event_id_making_the_event_a_root() {
        store().append("order-1", noStream(), event("placed"));

        var recorded = store().readStream("order-1").getFirst();
        assertThat(recorded.metadata().get(Metadata.CORRELATION_ID)).isEqualTo(recorded.eventId());
        assertThat(recorded.metadata().get(Metadata.CAUSATION_ID)).isEqualTo(recorded.eventId());
        assertThat(recorded.traceparent()).isEmpty();
    }

    @Test
    void given_correlation_causation_trace_context_and_custom_keys_are_kept_as_they_are() {
        var given = Map.of(Metadata.CORRELATION_ID, "checkout-42", Metadata.CAUSATION_ID, "command-7",
                Metadata.TRACEPARENT, TRACEPARENT, "tenant", "acme");

        store().append("order-1", noStream(), event("placed").withMetadata(given));

        var recorded = store().readStream("order-1").getFirst();
        assertThat(recorded.metadata()).containsAllEntriesOf(given)
                .containsOnlyKeys(Metadata.CORRELATION_ID, Metadata.CAUSATION_ID, Metadata.TRACEPARENT, "tenant",
                        Metadata.EVENT_ID, Metadata.RECORDED_AT);
        assertThat(recorded.correlationId()).isEqualTo("checkout-42");
        assertThat(recorded.causationId()).isEqualTo("command-7");
        assertThat(recorded.traceparent()).contains(TRACEPARENT);
    }

    @Test
    void a_given_event_id_is_kept() {
        String eventId = UuidV7.next(clock()).toString();

        store().append("order-1", noStream(), event("placed").withMetadata(Map.of(Metadata.EVENT_ID, eventId)));

        var recorded = store().readStream("order-1").getFirst();
        assertThat(recorded.eventId()).isEqualTo(eventId);
        assertThat(recorded.correlationId()).isEqualTo(eventId);
    }

    @Test
    void a_recorded_at_given_by_the_writer_is_replaced_by_the_store_clock() {
        var backdated = event("placed").withMetadata(Map.of(Metadata.RECORDED_AT, "1999-12-31T23:59:59Z"));

        store().append("order-1", noStream(), backdated);

        assertThat(store().readStream("order-1").getFirst().recordedAt()).isEqualTo(StoreFixture.START);
    }

    @Test
    void every_event_gets_its_own_event_id_within_and_across_appends() {
        store().append("order-1", noStream(), events("a", "b", "c"));
        store().append("order-1", any(), events("d", "e"));
        store().append("order-2", noStream(), event("f"));

        assertThat(everything()).extracting(RecordedEvent::eventId).hasSize(6).doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(UUID.fromString(id).version()).isEqualTo(7));
    }

    @Test
    void stream_reads_and_global_reads_return_the_same_metadata() {
        store().append("order-1", noStream(), event("placed").withMetadata(Map.of("tenant", "acme")));

        assertThat(store().readAll(0, 1).getFirst().metadata())
                .isEqualTo(store().readStream("order-1").getFirst().metadata());
    }

    private static UUID uuidOf(RecordedEvent event) {
        return UUID.fromString(event.eventId());
    }
}
