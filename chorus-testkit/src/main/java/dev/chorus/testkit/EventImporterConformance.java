package dev.chorus.testkit;

import static dev.chorus.core.ExpectedVersion.noStream;
import static dev.chorus.testkit.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.chorus.core.EventImporter;
import dev.chorus.core.EventStore;
import dev.chorus.core.ImportedEvent;
import dev.chorus.core.LimitExceeded;
import dev.chorus.core.Metadata;
import dev.chorus.core.NewEvent;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.StoreClosed;
import dev.chorus.core.ValidationError;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every {@link EventImporter} keeps: the facts of other services imported with their ids and metadata,
 * duplicates skipped (imported or appended here, earlier or in the same batch), bad input refused before anything
 * is written. An adapter's test extends this class and says how to open a fresh, empty store with its importer.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(120)
public abstract class EventImporterConformance {
    private static final Instant HERE = Instant.parse("2026-03-01T10:00:00.250Z");
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    /** A store and what imports into it (often the store itself), and how to release both. */
    public record Importing(EventStore store, EventImporter importer, AutoCloseable resources) {
        public static <S extends EventStore & EventImporter> Importing itself(S store) {
            return new Importing(store, store, store);
        }
    }

    private final MutableClock clock = MutableClock.at(HERE);
    private @Nullable Importing opened;
    private EventStore store;
    private EventImporter importer;

    /** A new, empty store with the default limits that takes every time from {@code clock}. */
    protected abstract Importing newStore(Clock clock);

    @BeforeEach
    void open_an_empty_store() {
        opened = newStore(clock);
        store = opened.store();
        importer = opened.importer();
        assertThat(store.headPosition()).as("newStore must return an empty store").isZero();
    }

    @AfterEach
    void close_the_store() throws Exception {
        if (opened != null) {
            opened.resources().close();
        }
    }

    @Test
    void an_imported_event_keeps_its_id_correlation_causation_trace_and_origin_and_gets_this_stores_recorded_at() {
        var fact = foreign("payment-1", "evt-1", "PaymentAuthorized", Map.of(Metadata.CORRELATION_ID, "order-7",
                Metadata.CAUSATION_ID, "evt-0", Metadata.TRACEPARENT, TRACEPARENT,
                EventImporter.IMPORTED_FROM, "chorus.payments", Metadata.RECORDED_AT, "2026-02-28T23:59:59.999Z",
                "tenant", "acme"));

        int imported = importer.importEvents(List.of(fact));

        assertThat(imported).isEqualTo(1);
        var recorded = store.readStream("payment-1").getFirst();
        assertThat(recorded.eventId()).isEqualTo("evt-1");
        assertThat(recorded.correlationId()).isEqualTo("order-7");
        assertThat(recorded.causationId()).isEqualTo("evt-0");
        assertThat(recorded.traceparent()).contains(TRACEPARENT);
        assertThat(recorded.metadata()).containsEntry(EventImporter.IMPORTED_FROM, "chorus.payments")
                .containsEntry("tenant", "acme")
                .containsEntry(EventImporter.ORIGIN_RECORDED_AT, "2026-02-28T23:59:59.999Z");
        assertThat(recorded.recordedAt()).isEqualTo(HERE);
        assertThat(TestEvents.text(recorded)).isEqualTo("PaymentAuthorized");
        assertThat(recorded.type()).isEqualTo(TestEvents.ORDER_PLACED);
    }

    @Test
    void an_event_imported_a_second_time_is_skipped_and_not_counted() {
        var first = foreign("payment-1", "evt-1", "authorized");
        var second = foreign("payment-1", "evt-2", "captured");
        importer.importEvents(List.of(first));

        int imported = importer.importEvents(List.of(first, second));

        assertThat(imported).isEqualTo(1);
        assertThat(store.readAll(0, 10)).extracting(RecordedEvent::eventId).containsExactly("evt-1", "evt-2");
        assertThat(store.headPosition()).isEqualTo(2);
    }

    @Test
    void a_redelivered_batch_changes_nothing_and_leaves_the_head_and_the_streams() {
        var batch = List.of(foreign("payment-1", "evt-1", "authorized"), foreign("payment-1", "evt-2", "captured"));
        importer.importEvents(batch);

        assertThat(importer.importEvents(batch)).isZero();
        assertThat(importer.importEvents(List.of())).isZero();

        assertThat(store.headPosition()).isEqualTo(2);
        assertThat(store.streamVersion("payment-1")).isEqualTo(1);
    }

    @Test
    void the_same_id_twice_in_one_batch_is_imported_once() {
        int imported = importer.importEvents(List.of(foreign("payment-1", "evt-1", "first copy"),
                foreign("payment-1", "evt-1", "second copy")));

        assertThat(imported).isEqualTo(1);
        assertThat(store.readStream("payment-1")).extracting(TestEvents::text).containsExactly("first copy");
    }

    @Test
    void an_event_appended_here_with_the_same_id_counts_as_present() {
        store.append("payment-1", noStream(), event("local").withMetadata(Map.of(Metadata.EVENT_ID, "evt-1")));

        assertThat(importer.importEvents(List.of(foreign("payment-1", "evt-1", "remote copy")))).isZero();
        assertThat(store.headPosition()).isEqualTo(1);
    }

    @Test
    void an_id_too_long_for_a_key_or_with_a_surrogate_is_still_recognised() {
        String longId = "evt-" + "x".repeat(2_000);
        String emojiId = "evt-\uD83C\uDFB5";
        importer.importEvents(List.of(foreign("payment-1", longId, "long"), foreign("payment-1", emojiId, "emoji")));

        int imported = importer.importEvents(List.of(foreign("payment-1", longId, "long"),
                foreign("payment-1", emojiId, "emoji"), foreign("payment-1", "evt-" + "x".repeat(1_999) + "y", "other")));

        assertThat(imported).isEqualTo(1);
        assertThat(store.readStream("payment-1")).extracting(TestEvents::text).containsExactly("long", "emoji", "other");
    }

    @Test
    void imported_events_go_at_the_end_of_their_streams_and_into_the_global_order_in_batch_order() {
        store.append("payment-1", noStream(), event("local-0"), event("local-1"));

        int imported = importer.importEvents(List.of(foreign("payment-2", "a", "p2-0"),
                foreign("payment-1", "b", "p1-2"), foreign("payment-2", "c", "p2-1")));

        assertThat(imported).isEqualTo(3);
        assertThat(store.readStream("payment-1")).extracting(RecordedEvent::version, TestEvents::text)
                .containsExactly(tuple(0L, "local-0"),
                        tuple(1L, "local-1"),
                        tuple(2L, "p1-2"));
        assertThat(store.readStream("payment-2")).extracting(RecordedEvent::version).containsExactly(0L, 1L);
        assertThat(store.readAll(0, 10)).extracting(RecordedEvent::position, TestEvents::text)
                .containsExactly(tuple(0L, "local-0"),
                        tuple(1L, "local-1"),
                        tuple(2L, "p2-0"),
                        tuple(3L, "p1-2"),
                        tuple(4L, "p2-1"));
    }

    @Test
    void a_batch_with_one_bad_event_imports_none_of_them() {
        var tooLarge = new ImportedEvent("payment-3", NewEvent.of(TestEvents.ORDER_PLACED, new byte[(1 << 20) + 1])
                .withMetadata(Map.of(Metadata.EVENT_ID, "evt-3")));

        assertThatThrownBy(() -> importer.importEvents(List.of(foreign("payment-1", "evt-1", "ok"),
                foreign("payment-2", "evt-2", "ok"), tooLarge))).isInstanceOf(LimitExceeded.class);
        assertThatThrownBy(() -> importer.importEvents(List.of(foreign("payment-1", "evt-1", "ok"),
                foreign("$reserved", "evt-4", "bad stream")))).isInstanceOf(ValidationError.class);

        assertThat(store.headPosition()).isZero();
        assertThat(store.readAll(0, 10)).isEmpty();
    }

    @Test
    void an_imported_event_without_an_id_cannot_even_be_made() {
        assertThatThrownBy(() -> new ImportedEvent("payment-1", event("no id"))).isInstanceOf(ValidationError.class);
    }

    @Test
    void a_live_subscriber_receives_imported_events() {
        var handler = new RecordingHandler();
        try (var subscription = store.subscribe(0, handler)) {
            handler.awaitLive(Duration.ofSeconds(30));

            importer.importEvents(List.of(foreign("payment-1", "evt-1", "a"), foreign("payment-1", "evt-2", "b")));

            assertThat(handler.awaitEvents(2, Duration.ofSeconds(30))).extracting(RecordedEvent::eventId)
                    .containsExactly("evt-1", "evt-2");
            assertThat(subscription.completion()).isNotDone();
        }
    }

    @Test
    void a_closed_store_refuses_imports() {
        store.close();

        assertThatThrownBy(() -> importer.importEvents(List.of(foreign("payment-1", "evt-1", "a"))))
                .isInstanceOf(StoreClosed.class);
    }

    /** A fact recorded by another service, with the id it was recorded with. */
    public static ImportedEvent foreign(String streamId, String eventId, String text) {
        return foreign(streamId, eventId, text, Map.of());
    }

    private static ImportedEvent foreign(String streamId, String eventId, String text, Map<String, String> metadata) {
        var all = new HashMap<>(metadata);
        all.put(Metadata.EVENT_ID, eventId);
        return new ImportedEvent(streamId, event(text).withMetadata(all));
    }
}
