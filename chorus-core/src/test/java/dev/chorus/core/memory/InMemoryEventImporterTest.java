package dev.chorus.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.EventImporter;
import dev.chorus.core.EventType;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.ImportedEvent;
import dev.chorus.core.Metadata;
import dev.chorus.core.NewEvent;
import dev.chorus.core.ReadDirection;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.StoreLimits;
import dev.chorus.core.ValidationError;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemoryEventImporterTest {
    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
    private final InMemoryEventStore store = new InMemoryEventStore(Clock.fixed(NOW, ZoneOffset.UTC), StoreLimits.DEFAULT);

    private static ImportedEvent placed(String stream, String id) {
        return new ImportedEvent(stream, new NewEvent(EventType.of("OrderPlaced", 2),
                ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8),
                Map.of(Metadata.EVENT_ID, id, Metadata.CORRELATION_ID, "corr-1", Metadata.CAUSATION_ID, "cause-1",
                        EventImporter.IMPORTED_FROM, "chorus.orders", Metadata.RECORDED_AT, "2026-04-30T08:00:00Z")));
    }

    @Test
    void keeps_the_event_id_and_metadata_and_goes_at_the_end_of_its_stream() {
        store.append("order-1", ExpectedVersion.noStream(), List.of(NewEvent.of(EventType.of("Local", 1), new byte[0])));

        int added = store.importEvents(List.of(placed("order-1", "e-1"), placed("order-2", "e-2")));

        assertThat(added).isEqualTo(2);
        var stream = store.readStream("order-1", ReadDirection.FORWARD, 0, 10);
        assertThat(stream).extracting(RecordedEvent::version).containsExactly(0L, 1L);
        var imported = stream.get(1);
        assertThat(imported.eventId()).isEqualTo("e-1");
        assertThat(imported.position()).isEqualTo(1);
        assertThat(imported.type()).isEqualTo(EventType.of("OrderPlaced", 2));
        assertThat(imported.correlationId()).isEqualTo("corr-1");
        assertThat(imported.causationId()).isEqualTo("cause-1");
        assertThat(imported.metadata()).containsEntry(EventImporter.IMPORTED_FROM, "chorus.orders");
        assertThat(imported.recordedAt()).isEqualTo(NOW);
        assertThat(imported.metadata()).containsEntry(EventImporter.ORIGIN_RECORDED_AT, "2026-04-30T08:00:00Z");
        assertThat(store.headPosition()).isEqualTo(3);
    }

    @Test
    void skips_ids_already_present_whether_imported_or_appended_and_within_one_batch() {
        store.importEvents(List.of(placed("order-1", "e-1")));
        store.append("order-9", ExpectedVersion.any(), List.of(new NewEvent(EventType.of("Local", 1), new byte[0],
                Map.of(Metadata.EVENT_ID, "e-9"))));

        int added = store.importEvents(List.of(placed("order-1", "e-1"), placed("order-2", "e-2"),
                placed("order-2", "e-2"), placed("order-9", "e-9")));

        assertThat(added).isEqualTo(1);
        assertThat(store.readAll(0, 10)).extracting(RecordedEvent::eventId).containsExactly("e-1", "e-9", "e-2");
    }

    @Test
    void a_redelivered_batch_changes_nothing_and_wakes_no_subscriber_past_the_head() {
        var batch = List.of(placed("order-1", "e-1"), placed("order-1", "e-2"));
        store.importEvents(batch);

        int added = store.importEvents(batch);

        assertThat(added).isZero();
        assertThat(store.headPosition()).isEqualTo(2);
        assertThat(store.streamVersion("order-1")).isEqualTo(1);
    }

    @Test
    void refuses_a_batch_with_a_bad_event_and_writes_none_of_it() {
        var bad = new ImportedEvent("", placed("x", "e-3").event());

        assertThatThrownBy(() -> store.importEvents(List.of(placed("order-1", "e-1"), bad)))
                .isInstanceOf(ValidationError.class);
        assertThat(store.headPosition()).isZero();
    }
}
