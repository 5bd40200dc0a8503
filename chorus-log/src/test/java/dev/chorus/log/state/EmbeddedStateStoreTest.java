package dev.chorus.log.state;

import static dev.chorus.log.state.StateDirs.bytes;
import static dev.chorus.log.state.StateDirs.everything;
import static dev.chorus.log.state.StateDirs.files;
import static dev.chorus.log.state.StateDirs.journal;
import static dev.chorus.log.state.StateDirs.open;
import static dev.chorus.log.state.StateDirs.put;
import static dev.chorus.log.state.StateDirs.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.LimitExceeded;
import dev.chorus.core.ValidationError;
import dev.chorus.core.memory.InMemoryStateStore;
import dev.chorus.core.state.Checkpoints;
import dev.chorus.core.state.StateConflict;
import dev.chorus.core.state.StateEntry;
import dev.chorus.core.state.StateWrite;
import dev.chorus.log.EmbeddedLog;
import dev.chorus.log.FsyncPolicy;
import dev.chorus.log.LogConfig;
import dev.chorus.testkit.property.Gen;
import dev.chorus.testkit.property.PropertyCheck;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the embedded store adds to the contract: it survives a reopen, a torn tail, and a compaction cut short. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class EmbeddedStateStoreTest {
    @TempDir
    Path tmp;

    private Path dir() {
        return tmp.resolve("state");
    }

    @Nested
    class Reopening {
        @Test
        void keeps_every_put_delete_and_cleared_prefix() {
            try (var store = open(dir())) {
                store.commit(List.of(put("rm/a", "1"), put("rm/b", "2"), put("keep/x", "x"), put("gone", "g")));
                store.commit(List.of(StateWrite.delete("gone"), put("keep/y", "y")));
                store.commit(List.of(StateWrite.deletePrefix("rm/"), put("rm/c", "3"), Checkpoints.save("rm", 42)));
            }

            try (var store = open(dir())) {
                assertThat(everything(store)).extracting(StateEntry::key)
                        .containsExactly("checkpoint/rm", "keep/x", "keep/y", "rm/c");
                assertThat(Checkpoints.load(store, "rm")).isEqualTo(42);
                assertThat(store.recovery().commitsReplayed()).isEqualTo(3);
                assertThat(store.recovery().tornTail()).isEmpty();
            }
        }

        @Test
        void keeps_large_values_and_unicode_keys_byte_for_byte() {
            byte[] big = new byte[EmbeddedStateStore.MAX_VALUE_BYTES];
            new SplittableRandom(7).nextBytes(big);
            try (var store = open(dir())) {
                store.commit(List.of(StateWrite.put("snapshot/注文-😀", big), put("k/\uFFFD", "bmp"), put("k/🎵", "astral")));
            }

            try (var store = open(dir())) {
                assertThat(store.get("snapshot/注文-😀")).hasValueSatisfying(v -> assertThat(v).isEqualTo(big));
                assertThat(store.scan("k/", 10)).extracting(StateEntry::key).containsExactly("k/\uFFFD", "k/🎵");
            }
        }

        @Test
        void after_compactions_keeps_everything_and_replays_only_the_newest_journal() {
            try (var store = open(dir(), 4096)) {
                for (int i = 0; i < 300; i++) {
                    store.commit(List.of(put("row/" + (i % 50), "value " + i + " " + "x".repeat(100))));
                }
                assertThat(store.stats().compactions()).as("compactions finished while open").isPositive();
            }

            try (var store = open(dir(), 4096)) {
                assertThat(everything(store)).hasSize(50);
                for (int r = 0; r < 50; r++) {
                    assertThat(store.get("row/" + r).map(StateDirs::text).orElseThrow()).startsWith("value " + (250 + r) + " ");
                }
                assertThat(store.recovery().generation()).isPositive();
                assertThat(store.recovery().journals()).as("journals replayed").isEqualTo(1);
                assertThat(store.recovery().snapshotEntries()).isPositive();
            }
        }

        @Test
        void with_fsync_never_keeps_its_commits_across_a_clean_close() {
            var config = StateStoreConfig.of(dir(), c -> c.fsync = FsyncPolicy.NEVER);
            try (var store = EmbeddedStateStore.open(config)) {
                store.put("row/1", bytes("one"));
            }

            try (var store = EmbeddedStateStore.open(config)) {
                assertThat(store.get("row/1").map(StateDirs::text)).contains("one");
            }
        }

        record Step(List<StateWrite> writes, boolean reopenAfter) {}

        @Test
        void random_commits_with_reopens_between_them_read_back_as_a_sorted_map_model() {
            var keys = Gen.combine(Gen.oneOf("a/", "b/", "é/", "😀/", "\uFFFD/"), Gen.strings("xyé😀", 1, 2), String::concat);
            Gen<StateWrite> writes = random -> switch (random.nextInt(10)) {
                case 0 -> StateWrite.deletePrefix(Gen.oneOf("a/", "b/", "é/", "😀/").next(random));
                case 1, 2 -> StateWrite.delete(keys.next(random));
                default -> StateWrite.put(keys.next(random), Gen.bytes(700).next(random));
            };
            Gen<Step> steps = random -> new Step(writes.list(1, 4).next(random), random.nextInt(4) == 0);
            var tries = new int[1];

            PropertyCheck.forAll(25, steps.list(1, 25), sample -> {
                Path dir = tmp.resolve("try-" + ++tries[0]);
                var model = new TreeMap<String, byte[]>((a, b) -> Arrays.compareUnsigned(
                        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
                var store = open(dir, 4096);
                try {
                    for (Step step : sample) {
                        store.commit(step.writes());
                        step.writes().forEach(write -> apply(model, write));
                        if (step.reopenAfter()) {
                            store.close();
                            store = open(dir, 4096);
                        }
                    }
                    store.close();
                    store = open(dir, 4096);
                    assertThat(everything(store)).containsExactlyElementsOf(model.entrySet().stream()
                            .map(e -> new StateEntry(e.getKey(), e.getValue())).toList());
                } finally {
                    store.close();
                }
            });
        }

        private static void apply(TreeMap<String, byte[]> model, StateWrite write) {
            switch (write) {
                case StateWrite.Put put -> model.put(put.key(), put.value());
                case StateWrite.Delete delete -> model.remove(delete.key());
                case StateWrite.DeletePrefix prefix -> model.keySet().removeIf(k -> k.startsWith(prefix.prefix()));
            }
        }
    }

    @Nested
    class Torn_tails {
        /** Three commits, one frame each; returns where the third commit's frame starts: the journal's size once closed after two. */
        private long given_three_commits() {
            try (var store = open(dir())) {
                store.put("row/1", bytes("one"));
                store.put("row/2", bytes("two"));
            }
            long before = journalSize();
            try (var store = open(dir())) {
                store.put("row/3", bytes("three, the one a crash will tear"));
            }
            return before;
        }

        private long journalSize() {
            try {
                return Files.size(journal(dir(), 0));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Test
        void a_last_frame_cut_anywhere_is_truncated_and_only_that_commit_is_lost() throws Exception {
            long before = given_three_commits();
            byte[] whole = Files.readAllBytes(journal(dir(), 0));

            for (long cut = whole.length - 1; cut > before; cut -= 7) {
                Files.write(journal(dir(), 0), Arrays.copyOf(whole, (int) cut));
                try (var store = open(dir())) {
                    assertThat(everything(store)).as("cut at %d", cut).extracting(StateEntry::key)
                            .containsExactly("row/1", "row/2");
                    assertThat(store.recovery().tornTail()).as("cut at %d", cut).contains(journal(dir(), 0));
                    assertThat(store.recovery().truncatedBytes()).isEqualTo(cut - before);
                }
                assertThat(journalSize()).as("the journal after truncation").isEqualTo(before);
            }
        }

        @Test
        void zeros_after_the_last_frame_are_no_damage_and_the_journal_goes_on_over_them() throws Exception {
            given_three_commits();
            long end = journalSize();
            StateDirs.append(journal(dir(), 0), new byte[4096]);

            try (var store = open(dir())) {
                assertThat(everything(store)).hasSize(3);
                assertThat(store.recovery().tornTail()).isEmpty();
                assertThat(store.recovery().truncatedBytes()).isZero();
                store.put("row/4", bytes("four"));
            }

            assertThat(journalSize()).as("closing cuts the zeros after the last frame").isGreaterThan(end)
                    .isLessThan(end + 4096);
            try (var store = open(dir())) {
                assertThat(everything(store)).extracting(StateEntry::key)
                        .containsExactly("row/1", "row/2", "row/3", "row/4");
                assertThat(store.recovery().tornTail()).isEmpty();
            }
        }

        @Test
        void a_frame_cut_short_and_followed_by_zeros_is_a_torn_tail_cut_with_its_zeros() throws Exception {
            long before = given_three_commits();
            StateDirs.truncate(journal(dir(), 0), before + 20);
            StateDirs.append(journal(dir(), 0), new byte[8192]);

            try (var store = open(dir())) {
                assertThat(everything(store)).extracting(StateEntry::key).containsExactly("row/1", "row/2");
                assertThat(store.recovery().tornTail()).contains(journal(dir(), 0));
                assertThat(store.recovery().truncatedBytes()).isEqualTo(20 + 8192);
            }
        }

        @Test
        void random_bytes_after_the_last_frame_are_truncated_as_a_torn_tail() throws Exception {
            given_three_commits();
            byte[] garbage = new byte[999];
            new SplittableRandom(3).nextBytes(garbage);
            StateDirs.append(journal(dir(), 0), garbage);

            try (var store = open(dir())) {
                assertThat(everything(store)).hasSize(3);
                assertThat(store.recovery().truncatedBytes()).isEqualTo(999);
            }
        }

        @Test
        void commits_after_a_truncated_tail_append_cleanly_and_survive_the_next_reopen() throws Exception {
            long before = given_three_commits();
            StateDirs.truncate(journal(dir(), 0), before + 5);
            try (var store = open(dir())) {
                store.put("row/4", bytes("four"));
            }

            try (var store = open(dir())) {
                assertThat(everything(store)).extracting(StateEntry::key).containsExactly("row/1", "row/2", "row/4");
                assertThat(store.recovery().tornTail()).isEmpty();
            }
        }
    }

    @Nested
    class Damage {
        private void given_commits(int count) {
            try (var store = open(dir())) {
                for (int i = 0; i < count; i++) {
                    store.put("row/" + i, bytes("value " + i));
                }
            }
        }

        @Test
        void a_flipped_byte_in_a_frame_that_valid_frames_follow_refuses_to_open_naming_the_file_and_offset()
                throws Exception {
            given_commits(5);
            StateDirs.flipByte(journal(dir(), 0), 16 + 12 + 20);

            assertThatThrownBy(() -> open(dir())).isInstanceOfSatisfying(StateStoreCorrupted.class, e -> {
                assertThat(e.file()).isEqualTo(journal(dir(), 0));
                assertThat(e.offset()).isEqualTo(16);
                assertThat(e.reason()).contains("CRC32C");
            });
        }

        @Test
        void a_refused_open_leaves_the_directory_unlocked_and_unchanged() throws Exception {
            given_commits(5);
            StateDirs.flipByte(journal(dir(), 0), 16 + 12 + 20);
            Files.write(dir().resolve("snapshot-0000000000000001.state.tmp"), new byte[] {1});
            byte[] damaged = Files.readAllBytes(journal(dir(), 0));
            var before = files(dir());

            assertThatThrownBy(() -> open(dir())).isInstanceOf(StateStoreCorrupted.class);

            assertThatThrownBy(() -> open(dir())).as("not StateStoreLocked").isInstanceOf(StateStoreCorrupted.class);
            assertThat(files(dir())).isEqualTo(before);
            assertThat(Files.readAllBytes(journal(dir(), 0))).isEqualTo(damaged);
        }

        @Test
        void a_flipped_byte_in_the_snapshot_refuses_to_open() throws Exception {
            try (var store = open(dir(), 4096)) {
                for (int i = 0; i < 100; i++) {
                    store.put("row/" + i, bytes("value " + i + "x".repeat(100)));
                }
            }
            var snapshots = files(dir()).stream().filter(f -> f.startsWith("snapshot-")).toList();
            assertThat(snapshots).hasSize(1);
            Path snapshot = dir().resolve(snapshots.getFirst());
            StateDirs.flipByte(snapshot, Files.size(snapshot) / 2);

            assertThatThrownBy(() -> open(dir())).isInstanceOfSatisfying(StateStoreCorrupted.class,
                    e -> assertThat(e.file()).isEqualTo(snapshot));
        }

        @Test
        void a_journal_with_a_foreign_header_refuses_to_open() throws Exception {
            given_commits(2);
            StateDirs.flipByte(journal(dir(), 0), 3);

            assertThatThrownBy(() -> open(dir())).isInstanceOfSatisfying(StateStoreCorrupted.class,
                    e -> assertThat(e.offset()).isZero());
        }

        @Test
        void a_snapshot_without_the_journal_that_starts_with_it_refuses_to_open() throws Exception {
            StateDirs.writeJournal(dir(), 0, List.of(List.of(put("a", "1"))));
            StateDirs.writeSnapshot(dir(), 1, new TreeMap<>(java.util.Map.of("a", bytes("1"))));

            assertThatThrownBy(() -> open(dir())).isInstanceOfSatisfying(StateStoreCorrupted.class,
                    e -> assertThat(e.file()).isEqualTo(journal(dir(), 1)));
        }

        @Test
        void a_gap_between_journals_refuses_to_open() throws Exception {
            StateDirs.writeJournal(dir(), 0, List.of(List.of(put("a", "1"))));
            StateDirs.writeJournal(dir(), 2, List.of(List.of(put("b", "2"))));

            assertThatThrownBy(() -> open(dir())).isInstanceOfSatisfying(StateStoreCorrupted.class,
                    e -> assertThat(e.file()).isEqualTo(journal(dir(), 1)));
        }

        @Test
        void zeros_after_the_last_frame_of_a_journal_that_a_newer_one_follows_are_no_damage() throws Exception {
            StateDirs.writeJournal(dir(), 0, List.of(List.of(put("a", "1")), List.of(put("b", "2"))));
            StateDirs.writeJournal(dir(), 1, List.of(List.of(put("c", "3"))));
            StateDirs.append(journal(dir(), 0), new byte[4096]);

            try (var store = open(dir())) {
                assertThat(everything(store)).extracting(StateEntry::key).containsExactly("a", "b", "c");
                assertThat(store.recovery().tornTail()).isEmpty();
            }
        }

        @Test
        void a_torn_end_on_a_journal_that_a_newer_one_follows_refuses_to_open() throws Exception {
            StateDirs.writeJournal(dir(), 0, List.of(List.of(put("a", "1")), List.of(put("b", "2"))));
            StateDirs.writeJournal(dir(), 1, List.of(List.of(put("c", "3"))));
            StateDirs.truncate(journal(dir(), 0), Files.size(journal(dir(), 0)) - 3);

            assertThatThrownBy(() -> open(dir())).isInstanceOfSatisfying(StateStoreCorrupted.class,
                    e -> assertThat(e.file()).isEqualTo(journal(dir(), 0)));
        }

        @Test
        void a_frame_copied_from_another_generation_is_not_mistaken_for_valid_data_after_a_tear() throws Exception {
            StateDirs.writeJournal(dir(), 5, List.of(List.of(put("old", "stale"))));
            byte[] stale = Arrays.copyOfRange(Files.readAllBytes(journal(dir(), 5)), 16, (int) Files.size(journal(dir(), 5)));
            Files.delete(journal(dir(), 5));
            StateDirs.writeJournal(dir(), 0, List.of(List.of(put("a", "1"))));
            StateDirs.append(journal(dir(), 0), new byte[] {1, 2, 3});
            StateDirs.append(journal(dir(), 0), stale);

            try (var store = open(dir())) {
                assertThat(everything(store)).extracting(StateEntry::key).containsExactly("a");
                assertThat(store.recovery().truncatedBytes()).isEqualTo(3 + stale.length);
            }
        }
    }

    @Nested
    class Compaction {
        @Test
        void past_the_threshold_the_journal_is_replaced_by_a_snapshot_and_a_short_journal() throws Exception {
            try (var store = open(dir(), 8192)) {
                for (int i = 0; i < 500; i++) {
                    store.put("row/" + (i % 20), bytes("value " + i + " " + "y".repeat(200)));
                }
            }

            var names = files(dir());
            assertThat(names).hasSize(2);
            long generation = Long.parseLong(names.getFirst().substring("journal-".length(), "journal-".length() + 16));
            assertThat(generation).as("compactions").isPositive();
            assertThat(names).containsExactly(journal(dir(), generation).getFileName().toString(),
                    snapshot(dir(), generation).getFileName().toString());
            // Past the threshold only by the commits made while the last snapshot was being written.
            assertThat(Files.size(journal(dir(), generation))).as("the newest journal").isLessThan(4 * 8192);
        }

        @Test
        void a_state_larger_than_the_threshold_is_compacted_once_per_journal_as_large_as_its_snapshot() {
            try (var store = open(dir(), StateStoreConfig.MIN_COMPACT_AFTER_BYTES)) {
                // 100 rows of 1 KB: a snapshot of about 100 KB, 25 times the 4 KiB threshold
                for (int i = 0; i < 100; i++) {
                    store.put("row/" + i, bytes("x".repeat(1000)));
                }
                long done = store.stats().compactions();
                for (int i = 0; store.stats().compactions() < done + 2; i++) {
                    store.put("row/" + (i % 100), bytes("z".repeat(1000))); // until a snapshot holds all 100 rows
                }
                long generation = store.stats().generation();
                long journaled = store.stats().bytesWritten();

                for (int i = 0; i < 300; i++) {
                    store.put("row/" + (i % 100), bytes(i + "y".repeat(1000)));
                }

                assertThat(store.stats().bytesWritten() - journaled).as("journal bytes of the 300 puts")
                        .isGreaterThan(300_000);
                assertThat(store.stats().generation() - generation)
                        .as("compactions begun for about three snapshots' worth of journal").isLessThanOrEqualTo(4);
            }
        }

        @Test
        void commits_made_while_snapshots_are_copied_from_the_live_map_are_all_there_after_reopening() throws Exception {
            // 12,000 keys: each snapshot is copied in several chunks while commits keep changing the map between them
            var model = new TreeMap<String, byte[]>(InMemoryStateStore.KEY_ORDER);
            var random = new SplittableRandom(42);
            long compactions;
            try (var store = open(dir(), 64 << 10)) {
                var seed = new ArrayList<StateWrite>();
                for (int i = 0; i < 12_000; i++) {
                    seed.add(put("k/" + i, "seed " + i));
                    if (seed.size() == 1_000) {
                        commitBoth(store, model, seed);
                        seed = new ArrayList<>();
                    }
                }
                for (int c = 0; c < 4_000; c++) {
                    var writes = new ArrayList<StateWrite>();
                    for (int w = 0; w < 4; w++) {
                        writes.add(put("k/" + random.nextInt(14_000), "commit " + c + " write " + w));
                    }
                    writes.add(StateWrite.delete("k/" + random.nextInt(14_000)));
                    if (c % 500 == 499) {
                        writes.add(StateWrite.deletePrefix("k/" + random.nextInt(1, 10) + random.nextInt(10)));
                    }
                    commitBoth(store, model, writes);
                }
                compactions = store.stats().compactions();
                assertThat(everything(store)).usingRecursiveFieldByFieldElementComparator().isEqualTo(entries(model));
            }

            try (var reopened = open(dir(), 64 << 10)) {
                // about 600 KB of journal over a map of about 300 KB: a compaction per snapshot's worth of journal
                assertThat(compactions).as("compactions").isGreaterThanOrEqualTo(2);
                assertThat(everything(reopened)).usingRecursiveFieldByFieldElementComparator()
                        .isEqualTo(entries(model));
            }
        }

        private static void commitBoth(EmbeddedStateStore store, TreeMap<String, byte[]> model, List<StateWrite> writes) {
            store.commit(writes);
            for (var write : writes) {
                switch (write) {
                    case StateWrite.Put put -> model.put(put.key(), put.value());
                    case StateWrite.Delete delete -> model.remove(delete.key());
                    case StateWrite.DeletePrefix prefix -> model.keySet().removeIf(k -> k.startsWith(prefix.prefix()));
                }
            }
        }

        private static List<StateEntry> entries(TreeMap<String, byte[]> model) {
            return model.entrySet().stream().map(e -> new StateEntry(e.getKey(), e.getValue())).toList();
        }

        /** The state three commits leave, whichever way the files say it. */
        private static final List<StateEntry> EXPECTED = List.of(new StateEntry("a", bytes("1")),
                new StateEntry("b", bytes("2b")), new StateEntry("c", bytes("3")));

        private static TreeMap<String, byte[]> stateAfterJournal0() {
            var map = new TreeMap<String, byte[]>(InMemoryStateStore.KEY_ORDER);
            map.put("a", bytes("1"));
            map.put("b", bytes("2"));
            return map;
        }

        private void given_journal_0() throws Exception {
            StateDirs.writeJournal(dir(), 0, List.of(List.of(put("a", "1"), put("b", "2"))));
        }

        private void given_journal_1() throws Exception {
            StateDirs.writeJournal(dir(), 1, List.of(List.of(put("b", "2b")), List.of(put("c", "3"))));
        }

        @Test
        void cut_short_after_the_new_journal_began_the_old_journal_and_the_new_one_are_both_replayed() throws Exception {
            given_journal_0();
            given_journal_1();

            try (var store = open(dir())) {
                assertThat(everything(store)).containsExactlyElementsOf(EXPECTED);
                assertThat(store.recovery().journals()).isEqualTo(2);
                assertThat(store.recovery().generation()).isEqualTo(1);
            }
        }

        @Test
        void cut_short_while_the_snapshot_was_being_written_its_temporary_file_is_deleted_and_ignored()
                throws Exception {
            given_journal_0();
            given_journal_1();
            Files.write(dir().resolve(snapshot(dir(), 1).getFileName() + ".tmp"), new byte[] {1, 2, 3});

            try (var store = open(dir())) {
                assertThat(everything(store)).containsExactlyElementsOf(EXPECTED);
                assertThat(store.recovery().filesRemoved()).isEqualTo(1);
            }
            assertThat(files(dir())).containsExactly("journal-0000000000000000.log", "journal-0000000000000001.log");
        }

        @Test
        void cut_short_after_the_snapshot_was_published_the_files_it_replaces_are_deleted() throws Exception {
            given_journal_0();
            given_journal_1();
            StateDirs.writeSnapshot(dir(), 1, stateAfterJournal0());

            try (var store = open(dir())) {
                assertThat(everything(store)).containsExactlyElementsOf(EXPECTED);
                assertThat(store.recovery().snapshotEntries()).isEqualTo(2);
                assertThat(store.recovery().journals()).isEqualTo(1);
                assertThat(store.recovery().filesRemoved()).isEqualTo(1);
            }
            assertThat(files(dir())).containsExactly("journal-0000000000000001.log", "snapshot-0000000000000001.state");
        }

        @Test
        void after_an_interrupted_compaction_the_first_commit_compacts_again_rather_than_every_open_replaying_both()
                throws Exception {
            var bulky = new ArrayList<List<StateWrite>>();
            for (int i = 0; i < 10; i++) {
                bulky.add(List.of(put("bulk/" + i, "b".repeat(500))));
            }
            StateDirs.writeJournal(dir(), 0, bulky);
            given_journal_1();

            try (var store = open(dir(), 4096)) {
                assertThat(store.recovery().journalBytes()).isGreaterThan(5000);
                store.put("one/more", bytes("commit"));
            }

            assertThat(files(dir())).containsExactly("journal-0000000000000002.log", "snapshot-0000000000000002.state");
            try (var store = open(dir(), 4096)) {
                assertThat(everything(store)).hasSize(13);
                assertThat(store.recovery().journals()).isEqualTo(1);
            }
        }

        @Test
        void a_store_reopened_after_an_interrupted_compaction_compacts_again_and_keeps_everything() throws Exception {
            given_journal_0();
            given_journal_1();
            try (var store = open(dir(), 4096)) {
                for (int i = 0; i < 100; i++) {
                    store.put("more/" + i, bytes("z".repeat(100)));
                }
            }

            try (var store = open(dir(), 4096)) {
                assertThat(everything(store)).hasSize(103).startsWith(EXPECTED.toArray(StateEntry[]::new));
                assertThat(store.recovery().generation()).isGreaterThan(1);
            }
        }
    }

    @Nested
    class Locking {
        @Test
        void a_second_open_of_the_same_directory_is_refused_with_StateStoreLocked() {
            try (var store = open(dir())) {
                store.put("row/1", bytes("one"));

                assertThatThrownBy(() -> open(dir())).isInstanceOfSatisfying(StateStoreLocked.class,
                        e -> assertThat(e.dir()).isEqualTo(dir()));
                assertThat(store.get("row/1")).isPresent();
            }
        }

        @Test
        void once_closed_the_directory_opens_again() {
            open(dir()).close();

            try (var store = open(dir())) {
                assertThat(everything(store)).isEmpty();
            }
        }
    }

    @Nested
    class Configuration {
        @Test
        void a_compaction_threshold_below_the_minimum_is_refused() {
            assertThatThrownBy(() -> StateStoreConfig.of(dir(), c -> c.compactAfterBytes = 100))
                    .isInstanceOfSatisfying(ValidationError.class, e -> assertThat(e.field()).isEqualTo("compactAfterBytes"));
        }

        @Test
        void a_commit_limit_outside_its_range_is_refused() {
            assertThatThrownBy(() -> StateStoreConfig.of(dir(), c -> c.maxCommitBytes = 10))
                    .isInstanceOfSatisfying(ValidationError.class, e -> assertThat(e.field()).isEqualTo("maxCommitBytes"));
            assertThatThrownBy(() -> StateStoreConfig.of(dir(), c -> c.maxCommitBytes = Integer.MAX_VALUE))
                    .isInstanceOf(ValidationError.class);
        }

        @Test
        void a_commit_larger_than_the_commit_limit_is_refused_whole() {
            try (var store = EmbeddedStateStore.open(StateStoreConfig.of(dir(), c -> c.maxCommitBytes = 64 << 10))) {
                assertThatThrownBy(() -> store.commit(List.of(put("small", "s"),
                        StateWrite.put("big", new byte[64 << 10])))).isInstanceOfSatisfying(LimitExceeded.class,
                        e -> assertThat(e.limit()).isEqualTo(64 << 10));

                assertThat(everything(store)).isEmpty();
            }
        }

        @Test
        void beside_a_log_the_store_lives_in_the_state_subdirectory_and_both_open_together() {
            Path data = tmp.resolve("data");
            try (var log = EmbeddedLog.open(LogConfig.defaults(data));
                 var store = EmbeddedStateStore.open(StateStoreConfig.besideLog(data))) {
                store.put("row/1", bytes("one"));
                assertThat(store.config().dir()).isEqualTo(data.resolve("state"));
                assertThat(log.headPosition()).isZero();
            }
            try (var log = EmbeddedLog.open(LogConfig.defaults(data));
                 var store = EmbeddedStateStore.open(StateStoreConfig.besideLog(data))) {
                assertThat(store.get("row/1").map(StateDirs::text)).contains("one");
            }
        }
    }

    @Nested
    class Conditional_commits {
        @Test
        void a_check_that_writes_nothing_is_answered_without_a_journal_frame() {
            try (var store = open(dir())) {
                store.commit(List.of(put("k", "v")));
                long journaled = store.stats().bytesWritten();

                store.commitIf("k", "v".getBytes(StandardCharsets.UTF_8), List.of());

                assertThat(store.stats().bytesWritten()).as("journal bytes after a passing check").isEqualTo(journaled);
                assertThatThrownBy(() -> store.commitIf("k", "other".getBytes(StandardCharsets.UTF_8), List.of()))
                        .isInstanceOf(StateConflict.class);
                assertThat(store.stats().bytesWritten()).isEqualTo(journaled);
            }
            try (var store = open(dir())) {
                assertThat(store.recovery().commitsReplayed()).as("only the put is in the journal").isEqualTo(1);
            }
        }
    }

    @Nested
    class Lazy_commits {
        /** The store's files as they are now: what a crash of the process would leave. */
        private Path crashCopy(int n) throws Exception {
            Path copy = tmp.resolve("crash-" + n);
            Files.createDirectories(copy);
            try (var files = Files.list(dir())) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(file, copy.resolve(file.getFileName()));
                }
            }
            return copy;
        }

        @Test
        void many_lazy_commits_share_a_few_fsyncs_and_all_survive_a_clean_close() {
            try (var store = open(dir())) {
                for (int i = 0; i < 200; i++) {
                    store.commitLazily(List.of(put("view/" + i, "v" + i), Checkpoints.save("view", i)));
                }
                assertThat(store.stats().commits()).isEqualTo(200);
                assertThat(store.stats().batches()).as("fsync rounds for 200 lazy commits from one thread")
                        .isLessThan(50);
            }
            try (var store = open(dir())) {
                assertThat(everything(store)).hasSize(201);
                assertThat(Checkpoints.load(store, "view")).isEqualTo(199);
            }
        }

        @Test
        void a_synced_commit_makes_the_lazy_ones_before_it_durable() throws Exception {
            try (var store = open(dir())) {
                store.commitLazily(List.of(put("view/a", "1")));
                store.commitLazily(List.of(put("view/a", "2"), put("view/b", "3")));
                store.commit(List.of(put("handler/x", "done")));

                try (var crashed = open(crashCopy(1))) {
                    assertThat(everything(crashed)).extracting(StateEntry::key)
                            .containsExactly("handler/x", "view/a", "view/b");
                    assertThat(crashed.get("view/a")).hasValue(bytes("2"));
                }
            }
        }

        @Test
        void a_lazy_commit_on_its_own_reaches_the_journal_within_moments() throws Exception {
            try (var store = open(dir())) {
                store.commitLazily(List.of(put("view/a", "1")));
                assertThat(store.get("view/a")).as("visible at once").hasValue(bytes("1"));

                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                boolean journaled = false;
                for (int n = 0; !journaled && System.nanoTime() < deadline; n++) {
                    try (var crashed = open(crashCopy(n))) {
                        journaled = crashed.get("view/a").isPresent();
                    }
                    Thread.sleep(10);
                }
                assertThat(journaled).as("in the journal within 5 s").isTrue();
            }
        }

        @Test
        void lazy_commits_across_compactions_are_all_there_after_reopening() {
            var model = new TreeMap<String, byte[]>();
            try (var store = open(dir(), StateStoreConfig.MIN_COMPACT_AFTER_BYTES)) {
                for (int i = 0; i < 400; i++) {
                    var write = put("view/" + (i % 50), "value " + i + " " + "x".repeat(60));
                    if (i % 7 == 0) {
                        store.commit(List.of(write));
                    } else {
                        store.commitLazily(List.of(write));
                    }
                    model.put(((StateWrite.Put) write).key(), ((StateWrite.Put) write).value());
                }
                assertThat(store.stats().compactions() + store.stats().generation()).as("compactions began")
                        .isGreaterThan(2);
            }
            try (var store = open(dir())) {
                assertThat(everything(store)).hasSize(model.size()).allSatisfy(entry ->
                        assertThat(entry.value()).isEqualTo(model.get(entry.key())));
            }
        }
    }

    @Nested
    class Group_commit {
        @Test
        void concurrent_committers_share_journal_frames_and_every_commit_is_counted_once() throws Exception {
            int committers = 64;
            int each = 20;
            try (var store = open(dir())) {
                var tasks = new ArrayList<Callable<Void>>();
                for (int c = 0; c < committers; c++) {
                    int committer = c;
                    tasks.add(() -> {
                        for (int i = 0; i < each; i++) {
                            store.commit(List.of(put("c/" + committer + "/" + i, "v")));
                        }
                        return null;
                    });
                }
                try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
                    for (Future<Void> f : executor.invokeAll(tasks)) {
                        f.get(60, TimeUnit.SECONDS);
                    }
                }

                var stats = store.stats();
                System.out.printf("group commit: %d commits in %d batches (%.1f per fsync)%n", stats.commits(),
                        stats.batches(), stats.commitsPerBatch());
                assertThat(stats.commits()).isEqualTo(committers * each);
                assertThat(stats.batches()).as("fsync rounds: fewer than commits").isLessThan(stats.commits());
            }
            try (var store = open(dir())) {
                assertThat(everything(store)).hasSize(committers * each);
                assertThat(store.recovery().commitsReplayed()).isEqualTo(committers * each);
            }
        }
    }

}
