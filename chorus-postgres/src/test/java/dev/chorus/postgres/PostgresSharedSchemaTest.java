package dev.chorus.postgres;

import static dev.chorus.core.ExpectedVersion.any;
import static dev.chorus.core.ExpectedVersion.exactly;
import static dev.chorus.core.ExpectedVersion.noStream;
import static dev.chorus.testkit.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.AppendResult;
import dev.chorus.core.ConcurrencyConflict;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.ImportedEvent;
import dev.chorus.core.Metadata;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.state.StateWrite;
import dev.chorus.testkit.RecordingHandler;
import dev.chorus.testkit.Sequences;
import dev.chorus.testkit.StoreFixture;
import dev.chorus.testkit.TestEvents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two instances of one service (two stores on one schema), as two processes would have them. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PostgresSharedSchemaTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @RegisterExtension
    static final TestSchemas schemas = new TestSchemas();

    private PostgresEventStore first;
    private PostgresEventStore second;
    private String schema;

    @BeforeEach
    void open_two_stores_on_one_schema() {
        schema = schemas.freshSchema();
        first = PostgresEventStore.open(schemas.config(schema));
        second = PostgresEventStore.open(schemas.config(schema));
    }

    @AfterEach
    void close_both() {
        first.close();
        second.close();
    }

    @Test
    void an_append_on_one_instance_conflicts_with_what_the_other_appended_with_the_actual_version() {
        first.append("order-1", noStream(), event("placed"));

        assertConflict(() -> second.append("order-1", noStream(), event("placed again")), "order-1", noStream(), 0);
        second.append("order-1", exactly(0), event("paid"));
        assertConflict(() -> first.append("order-1", exactly(0), event("cancelled")), "order-1", exactly(0), 1);

        assertThat(first.readStream("order-1")).extracting(TestEvents::text).containsExactly("placed", "paid");
    }

    @Test
    void writers_on_both_instances_racing_for_one_stream_leave_exactly_one_winner_per_version() throws Exception {
        int versions = 20;
        var tasks = new ArrayList<Callable<Integer>>();
        for (var store : List.of(first, second, first, second)) {
            tasks.add(() -> {
                int wins = 0;
                while (true) {
                    long actual = store.streamVersion("race");
                    if (actual == versions - 1) {
                        return wins;
                    }
                    var expected = actual < 0 ? noStream() : exactly(actual);
                    try {
                        store.append("race", expected, event("v" + (actual + 1)));
                        wins++;
                    } catch (ConcurrencyConflict lost) {
                        assertThat(lost.actualVersion()).isGreaterThan(actual);
                    }
                }
            });
        }

        int wins = 0;
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (var future : executor.invokeAll(tasks)) {
                wins += future.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            }
        }

        assertThat(wins).isEqualTo(versions);
        var stream = second.readStream("race");
        Sequences.assertRange("versions", stream.stream().map(RecordedEvent::version).toList(), 0, versions);
        assertThat(stream).extracting(TestEvents::text).doesNotHaveDuplicates();
    }

    @Test
    void a_subscriber_on_one_instance_receives_every_append_of_both_live_in_one_dense_order() throws Exception {
        var handler = new RecordingHandler();
        try (var subscription = first.subscribe(0, handler)) {
            assertThat(handler.awaitLive(PATIENCE)).isZero();

            var results = new ArrayList<AppendResult>();
            try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
                var futures = new ArrayList<Future<List<AppendResult>>>();
                for (var store : List.of(first, second, first, second)) {
                    futures.add(executor.submit(() -> appendBatches(store, 25)));
                }
                for (var future : futures) {
                    results.addAll(future.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
                }
            }
            int total = results.stream().mapToInt(r -> (int) (r.lastPosition() - r.firstPosition() + 1)).sum();

            var delivered = handler.awaitEvents(total, PATIENCE);

            Sequences.assertRange("delivered positions", delivered.stream().map(RecordedEvent::position).toList(), 0,
                    total);
            assertThat(delivered).isEqualTo(StoreFixture.everything(second)).isEqualTo(StoreFixture.everything(first));
            assertThat(second.headPosition()).isEqualTo(first.headPosition()).isEqualTo(total);
            assertThat(subscription.completion()).isNotDone();
        }
    }

    @Test
    void a_subscriber_keeps_following_the_other_instance_after_its_listening_connection_is_killed() throws Exception {
        var handler = new RecordingHandler();
        try (var subscription = first.subscribe(0, handler)) {
            handler.awaitLive(PATIENCE);
            var killed = awaitListener(-1);

            terminateListeners();
            second.append("order-1", noStream(), event("while it reconnects"));

            assertThat(handler.awaitEvents(1, PATIENCE)).extracting(TestEvents::text)
                    .containsExactly("while it reconnects");
            assertThat(awaitListener(killed)).as("a new listening connection").isNotEqualTo(killed);
            second.append("order-1", any(), event("after"));
            assertThat(handler.awaitEvents(2, PATIENCE)).extracting(TestEvents::text)
                    .containsExactly("while it reconnects", "after");
            assertThat(subscription.completion()).isNotDone();
        }
    }

    @Test
    void a_following_instance_learns_the_other_s_head_from_its_notification_and_reads_it_exactly_on_demand() {
        var handler = new RecordingHandler();
        try (var subscription = first.subscribe(0, handler)) {
            handler.awaitLive(PATIENCE);

            second.append("order-1", noStream(), event("placed"), event("paid"));

            assertThat(first.databaseHead()).as("read from the head row at once").isEqualTo(2);
            handler.awaitEvents(2, PATIENCE);
            assertThat(first.headPosition()).as("known once the events arrived").isEqualTo(2);
            first.append("order-2", noStream(), event("placed"));
            assertThat(first.headPosition()).as("its own append, at once").isEqualTo(3);
            assertThat(subscription.completion()).isNotDone();
        }
    }

    @Test
    void both_instances_importing_the_same_batch_at_once_store_each_event_once() throws Exception {
        var batch = new ArrayList<ImportedEvent>();
        for (int i = 0; i < 50; i++) {
            batch.add(new ImportedEvent("payment-" + (i % 5),
                    event("fact-" + i).withMetadata(Map.of(Metadata.EVENT_ID, "evt-" + i))));
        }

        int imported = 0;
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<Integer>>();
            for (var store : List.of(first, second, first, second)) {
                futures.add(executor.submit(() -> store.importEvents(batch)));
            }
            for (var future : futures) {
                imported += future.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            }
        }

        assertThat(imported).isEqualTo(50);
        assertThat(StoreFixture.everything(second)).extracting(RecordedEvent::eventId).hasSize(50)
                .doesNotHaveDuplicates();
    }

    @Test
    void state_stores_on_one_schema_read_each_others_commits() {
        try (var one = PostgresStateStore.open(schemas.config(schema));
             var other = PostgresStateStore.open(schemas.config(schema))) {
            one.commit(List.of(StateWrite.put("orders/1", bytes("placed")), StateWrite.put("checkpoint/orders",
                    bytes("1"))));

            assertThat(other.get("orders/1")).hasValueSatisfying(v -> assertThat(text(v)).isEqualTo("placed"));
            other.commit(List.of(StateWrite.deletePrefix("orders/"), StateWrite.put("checkpoint/orders", bytes("2"))));

            assertThat(one.scan("orders/", 10)).isEmpty();
            assertThat(one.get("checkpoint/orders")).hasValueSatisfying(v -> assertThat(text(v)).isEqualTo("2"));
        }
    }

    private static List<AppendResult> appendBatches(PostgresEventStore store, int count) {
        var results = new ArrayList<AppendResult>();
        for (int i = 0; i < count; i++) {
            String text = Thread.currentThread().threadId() + "-" + i;
            results.add(store.append("stream-" + (i % 3), any(), event(text + "-a"), event(text + "-b")));
        }
        return results;
    }

    /** The backend pid of the one listening connection on the database, once it is not {@code other}. */
    private int awaitListener(int other) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            var pids = listeners();
            if (pids.size() == 1 && pids.getFirst() != other) {
                return pids.getFirst();
            }
            assertThat(System.nanoTime()).as("one listening connection other than %d within %s, now %s", other,
                    PATIENCE, pids).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private List<Integer> listeners() throws Exception {
        try (var connection = schemas.database().connect();
             var query = connection.prepareStatement("SELECT pid FROM pg_stat_activity WHERE datname = ? "
                     + "AND application_name = 'chorus event store listener'")) {
            query.setString(1, schemas.database().name());
            var pids = new ArrayList<Integer>();
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    pids.add(rows.getInt(1));
                }
            }
            return pids;
        }
    }

    private void terminateListeners() throws Exception {
        try (var connection = schemas.database().connect();
             var kill = connection.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                     + "WHERE datname = ? AND application_name = 'chorus event store listener'")) {
            kill.setString(1, schemas.database().name());
            kill.executeQuery().close();
        }
    }

    private static void assertConflict(ThrowingCallable append, String streamId,
                                       ExpectedVersion expected, long actual) {
        assertThatThrownBy(append).isInstanceOfSatisfying(ConcurrencyConflict.class, conflict -> {
            assertThat(conflict.streamId()).isEqualTo(streamId);
            assertThat(conflict.expected()).isEqualTo(expected);
            assertThat(conflict.actualVersion()).isEqualTo(actual);
        });
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
