package dev.chorus.postgres;

import static dev.chorus.core.ExpectedVersion.any;
import static dev.chorus.core.ExpectedVersion.noStream;
import static dev.chorus.testkit.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.Metadata;
import dev.chorus.core.RecordedEvent;
import dev.chorus.testkit.TestEvents;
import dev.chorus.core.StoreClosed;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the PostgreSQL event store does beyond the kit: how its rows look to SQL, and metadata of any text. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PostgresEventStoreTest {
    @RegisterExtension
    static final TestSchemas schemas = new TestSchemas();

    private String schema;
    private PostgresEventStore store;

    @BeforeEach
    void open_a_store() {
        schema = schemas.freshSchema();
        store = PostgresEventStore.open(schemas.config(schema));
    }

    @AfterEach
    void close_it() {
        store.close();
    }

    @Test
    void metadata_with_quotes_backslashes_control_characters_and_nul_reads_back_exactly() {
        var metadata = Map.of("quote", "say \"hi\"", "backslash", "C:\\orders\\", "lines", "a\nb\r\tc",
                "nul", "before\u0000after", "bell", "\u0007", "emoji", "🎵 ok", "json", "{\"not\":\"parsed\"}");

        store.append("order-1", noStream(), event("placed").withMetadata(metadata));

        assertThat(store.readStream("order-1").getFirst().metadata()).containsAllEntriesOf(metadata);
    }

    @Test
    void each_event_is_one_row_that_sql_can_read_including_its_metadata() throws SQLException {
        store.append("order-1", noStream(), event("placed").withMetadata(Map.of(Metadata.CORRELATION_ID, "checkout-9")));
        store.append("order-2", noStream(), event(TestEvents.INVOICE_SENT, "sent"));

        try (var connection = schemas.database().connect();
             var query = connection.prepareStatement("SELECT position, stream_id, version, type_name, type_version, "
                     + "metadata->>'correlation-id', convert_from(data, 'UTF8') FROM \"" + schema
                     + "\".events ORDER BY position");
             var rows = query.executeQuery()) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getLong(1)).isZero();
            assertThat(rows.getString(2)).isEqualTo("order-1");
            assertThat(rows.getLong(3)).isZero();
            assertThat(rows.getString(4)).isEqualTo("OrderPlaced");
            assertThat(rows.getInt(5)).isEqualTo(1);
            assertThat(rows.getString(6)).isEqualTo("checkout-9");
            assertThat(rows.getString(7)).isEqualTo("placed");
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(4)).isEqualTo("InvoiceSent");
            assertThat(rows.getInt(5)).isEqualTo(2);
            assertThat(rows.next()).isFalse();
        }
    }

    @Test
    void an_append_may_repeat_an_event_id_as_a_redelivered_handler_does_and_both_copies_are_kept() {
        var copy = Map.of(Metadata.EVENT_ID, "0190b7a0-0000-7000-8000-000000000001");

        store.append("stock-1", any(), event("reserved").withMetadata(copy));
        store.append("stock-1", any(), event("reserved").withMetadata(copy));

        assertThat(store.readStream("stock-1")).extracting(RecordedEvent::eventId).containsExactly(
                copy.get(Metadata.EVENT_ID), copy.get(Metadata.EVENT_ID));
    }

    @Test
    void appenders_racing_a_close_each_either_append_or_get_store_closed_and_none_hangs() throws Exception {
        int appenders = 16;
        var started = new CountDownLatch(appenders);
        var futures = new ArrayList<Future<Integer>>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int a = 0; a < appenders; a++) {
                String stream = "racer-" + a;
                futures.add(executor.submit(() -> {
                    started.countDown();
                    // Bounded: a store that keeps taking appends after close fails here instead of spinning.
                    for (int i = 0; i < 100_000; i++) {
                        try {
                            store.append(stream, any(), event("e" + i));
                        } catch (StoreClosed closed) {
                            return i;
                        }
                    }
                    throw new AssertionError("100,000 appends and the store never said it was closed");
                }));
            }
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
            store.append("before-close", noStream(), event("x"));

            store.close();

            int appended = 0;
            for (var future : futures) {
                appended += future.get(30, TimeUnit.SECONDS);
            }
            try (var reopened = PostgresEventStore.open(schemas.config(schema))) {
                assertThat(reopened.headPosition()).as("every acknowledged append, and no other").isEqualTo(appended + 1);
            }
        }
    }

    @Test
    void a_store_that_never_subscribed_holds_no_listening_connection() throws SQLException {
        store.append("order-1", noStream(), event("placed"));

        try (var connection = schemas.database().connect();
             var query = connection.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND "
                     + "application_name = 'chorus event store listener'")) {
            query.setString(1, schemas.database().name());
            try (var rows = query.executeQuery()) {
                rows.next();
                assertThat(rows.getLong(1)).isZero();
            }
        }
    }
}
