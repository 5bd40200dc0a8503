package dev.chorus.core.projection;

import static dev.chorus.core.projection.Ledger.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.LimitExceeded;
import dev.chorus.core.ValidationError;
import dev.chorus.core.projection.internal.Batch;
import dev.chorus.core.projection.internal.CommittedView;
import dev.chorus.core.projection.internal.Namespace;
import dev.chorus.core.state.StateEntry;
import dev.chorus.core.state.StateStore;
import dev.chorus.core.state.StateWrite;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The read model a projection writes to between two commits. */
class BatchTest {
    private final FlakyStateStore store = new FlakyStateStore();
    private final Namespace namespace = new Namespace("orders");
    private final Batch batch = new Batch(namespace, new CommittedView(namespace, store),
            ProjectionConfig.DEFAULT_REMEMBER_BYTES);

    private void committedRows(String... keysAndValues) {
        for (int i = 0; i < keysAndValues.length; i += 2) {
            store.put(namespace.key(keysAndValues[i]), utf8(keysAndValues[i + 1]));
        }
    }

    private void commit(long next) {
        store.commit(batch.writes(next));
        batch.committed();
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static List<String> rows(List<StateEntry> entries) {
        return entries.stream().map(e -> e.key() + "=" + text(e.value())).toList();
    }

    @Nested
    class Reading_its_own_writes {
        @Test
        void a_get_sees_a_pending_put_before_it_is_committed() {
            batch.put("o-1", utf8("placed"));

            assertThat(batch.get("o-1")).map(BatchTest::text).hasValue("placed");
            assertThat(store.get(namespace.key("o-1"))).as("nothing committed yet").isEmpty();
        }

        @Test
        void a_pending_delete_hides_the_committed_row() {
            committedRows("o-1", "placed");

            batch.delete("o-1");

            assertThat(batch.get("o-1")).isEmpty();
        }

        @Test
        void a_pending_delete_prefix_hides_committed_and_pending_rows_under_it_but_not_later_puts() {
            committedRows("o/1", "a", "o/2", "b", "p/1", "c");
            batch.put("o/3", utf8("d"));

            batch.deletePrefix("o/");
            batch.put("o/4", utf8("e"));

            assertThat(batch.get("o/1")).isEmpty();
            assertThat(batch.get("o/3")).isEmpty();
            assertThat(batch.get("o/4")).map(BatchTest::text).hasValue("e");
            assertThat(rows(batch.scan("", 10))).containsExactly("o/4=e", "p/1=c");
        }

        @Test
        void a_scan_merges_pending_rows_into_the_committed_ones_in_key_order() {
            committedRows("o/1", "a", "o/3", "c", "o/5", "e");
            batch.put("o/2", utf8("b"));
            batch.put("o/3", utf8("C"));
            batch.delete("o/5");
            batch.put("o/6", utf8("f"));

            assertThat(rows(batch.scan("o/", 10))).containsExactly("o/1=a", "o/2=b", "o/3=C", "o/6=f");
            assertThat(rows(batch.scan("o/", "o/2", 2))).containsExactly("o/3=C", "o/6=f");
            assertThat(rows(batch.scan("o/", 1))).containsExactly("o/1=a");
        }

        @Test
        void a_scan_pages_through_the_store_past_rows_the_batch_deleted() {
            for (int i = 0; i < 200; i++) {
                committedRows("r/%03d".formatted(i), "v" + i);
            }
            for (int i = 0; i < 150; i++) {
                batch.delete("r/%03d".formatted(i));
            }

            assertThat(rows(batch.scan("r/", 3))).containsExactly("r/150=v150", "r/151=v151", "r/152=v152");
        }

        @Test
        void a_caller_changing_its_array_after_a_put_changes_nothing() {
            byte[] value = utf8("placed");
            batch.put("o-1", value);
            value[0] = 'X';

            assertThat(batch.get("o-1")).map(BatchTest::text).hasValue("placed");
        }
    }

    @Nested
    class Undoing_an_event {
        @Test
        void undo_restores_what_the_batch_held_before_the_event() {
            committedRows("o/1", "a", "o/2", "b");
            batch.beginEvent();
            batch.put("o/1", utf8("A"));
            batch.delete("o/3");

            batch.beginEvent();
            batch.put("o/1", utf8("AA"));
            batch.put("o/4", utf8("d"));
            batch.deletePrefix("o/");
            batch.put("o/5", utf8("e"));
            batch.undoEvent();

            assertThat(rows(batch.scan("o/", 10))).containsExactly("o/1=A", "o/2=b");
        }

        @Test
        void the_writes_of_earlier_events_are_committed_with_the_checkpoint() {
            batch.beginEvent();
            batch.put("o/1", utf8("a"));
            batch.beginEvent();
            batch.put("o/2", utf8("b"));
            batch.undoEvent();

            commit(1);

            assertThat(store.scan("projection/orders/", 10)).extracting(StateEntry::key)
                    .containsExactly("projection/orders/o/1");
            assertThat(namespace.loadCheckpoint(store)).isEqualTo(1);
        }
    }

    @Nested
    class Committing {
        @Test
        void the_writes_clear_first_then_put_then_save_the_checkpoint_all_under_the_namespace() {
            committedRows("o/1", "a", "keep", "k");
            batch.put("o/0", utf8("z"));
            batch.deletePrefix("o/");
            batch.put("o/2", utf8("b"));
            batch.delete("keep");

            List<StateWrite> writes = batch.writes(42);

            assertThat(writes.getFirst()).isEqualTo(StateWrite.deletePrefix("projection/orders/o/"));
            assertThat(writes.getLast()).isInstanceOfSatisfying(StateWrite.Put.class,
                    put -> assertThat(put.key()).isEqualTo("checkpoint/projection/orders"));
            commit(42);
            assertThat(rows(new CommittedView(namespace, store).scan("", 10))).containsExactly("o/2=b");
            assertThat(namespace.loadCheckpoint(store)).isEqualTo(42);
        }

        @Test
        void another_projections_rows_with_a_longer_name_are_never_touched() {
            store.put("projection/orders-archive/o/1", utf8("old"));
            batch.deletePrefix("");

            commit(1);

            assertThat(store.get("projection/orders-archive/o/1")).isPresent();
        }
    }

    @Nested
    class Remembering_committed_rows {
        @Test
        void a_row_read_once_is_not_read_from_the_store_again_in_later_batches() {
            committedRows("o-1", "placed");
            batch.get("o-1");
            commit(1);
            int reads = store.reads();

            assertThat(batch.get("o-1")).map(BatchTest::text).hasValue("placed");
            assertThat(batch.get("o-1")).map(BatchTest::text).hasValue("placed");
            assertThat(store.reads()).isEqualTo(reads);
        }

        @Test
        void a_row_known_to_be_absent_is_not_asked_for_again() {
            batch.get("o-9");
            int reads = store.reads();

            assertThat(batch.get("o-9")).isEmpty();
            assertThat(store.reads()).isEqualTo(reads);
        }

        @Test
        void what_is_remembered_follows_the_batches_own_commits() {
            committedRows("o/1", "a", "o/2", "b");
            batch.get("o/1");
            batch.get("o/2");
            batch.put("o/1", utf8("A"));
            batch.delete("o/2");
            commit(1);

            assertThat(batch.get("o/1")).map(BatchTest::text).hasValue("A");
            assertThat(batch.get("o/2")).isEmpty();

            batch.deletePrefix("o/");
            commit(2);

            assertThat(batch.get("o/1")).isEmpty();
        }

        @Test
        void a_write_whose_commit_failed_is_not_remembered() {
            committedRows("o-1", "placed");
            batch.get("o-1");
            batch.put("o-1", utf8("shipped"));
            store.failCommit(1);
            assertThatThrownBy(() -> store.commit(batch.writes(1))).isInstanceOf(FlakyStateStore.SimulatedCrash.class);
            batch.clear();

            assertThat(batch.get("o-1")).map(BatchTest::text).hasValue("placed");
        }

        @Test
        void with_no_memory_every_read_goes_to_the_store() {
            var forgetful = new Batch(namespace, new CommittedView(namespace, store), 0);
            committedRows("o-1", "placed");
            int reads = store.reads();

            forgetful.get("o-1");
            forgetful.get("o-1");

            assertThat(store.reads()).isEqualTo(reads + 2);
        }

        @Test
        void past_its_budget_it_forgets_and_still_reads_right() {
            var small = new Batch(namespace, new CommittedView(namespace, store), 400);
            for (int i = 0; i < 20; i++) {
                committedRows("o/" + i, "v" + i);
            }

            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 20; i++) {
                    assertThat(small.get("o/" + i)).map(BatchTest::text).hasValue("v" + i);
                }
            }
        }
    }

    @Nested
    class Keys {
        @Test
        void an_empty_key_is_refused() {
            assertThatThrownBy(() -> batch.put("", utf8("x"))).isInstanceOf(ValidationError.class)
                    .hasMessageContaining("must not be empty");
        }

        @Test
        void a_lone_surrogate_is_refused_when_written_not_when_committed() {
            assertThatThrownBy(() -> batch.put("o/\uD800", utf8("x"))).isInstanceOf(ValidationError.class)
                    .hasMessageContaining("lone surrogate");
        }

        @Test
        void a_key_too_long_once_namespaced_is_refused() {
            String key = "k".repeat(StateStore.MAX_KEY_BYTES - namespace.prefix().length() + 1);

            assertThatThrownBy(() -> batch.put(key, utf8("x"))).isInstanceOf(LimitExceeded.class)
                    .hasMessageContaining("projection/orders/");
            batch.put(key.substring(1), utf8("x"));
        }
    }
}
