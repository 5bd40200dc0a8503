package dev.chorus.log.state.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.memory.InMemoryStateStore;
import dev.chorus.core.state.StateWrite;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * The map of small map and runs answers as one sorted map would, whatever the writes and wherever the flushes and
 * merges fall: checked against a {@link TreeMap} in code point order over random histories.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class StateMapTest {
    /** Keys that share prefixes, and units from both sides of U+D800 (code point and UTF-16 order differ there). */
    private static final List<String> KEYS = List.of("a", "a/1", "a/2", "a/10", "ab", "b", "b/x", "é", "é/1",
            "\uFF21", "\uD83D\uDE00", "\uD83D\uDE00/1", "z");
    private static final List<String> PREFIXES = List.of("a", "a/", "b", "é", "\uD83D", "\uD83D\uDE00", "");

    @Test
    void random_histories_read_back_as_a_sorted_map_would() {
        for (long seed = 0; seed < 300; seed++) {
            var random = new Random(seed);
            var map = StateMap.manual(1 + random.nextInt(5), SortedRun.MAX_DATA, 2 + random.nextInt(3));
            var model = new TreeMap<String, byte[]>(InMemoryStateStore.KEY_ORDER);
            for (int step = 0; step < 60; step++) {
                var commit = randomCommit(random);
                map.apply(commit);
                commit.forEach(write -> apply(model, write));
                if (random.nextInt(3) == 0) {
                    while (map.mergeOnce() && random.nextBoolean()) {
                        // merge some of what can be merged
                    }
                }
                String from = KEYS.get(random.nextInt(KEYS.size()));
                boolean inclusive = random.nextBoolean();

                assertThat(entries(map.from(from, inclusive))).as("seed %d step %d: from %s", seed, step, from)
                        .isEqualTo(render(model.tailMap(from, inclusive)));
                for (String key : KEYS) {
                    assertThat(text(map.get(key))).as("seed %d step %d: get %s", seed, step, key)
                            .isEqualTo(text(model.get(key)));
                }
            }
            assertThat(map.size()).as("seed %d", seed).isEqualTo(model.size());
            var frozen = map.freeze();
            assertThat(entries(StateMap.entries(frozen))).as("seed %d: frozen", seed).isEqualTo(render(model));
            while (map.mergeOnce()) {
                // down to runs no merge applies to
            }
            assertThat(entries(map.from("", true))).as("seed %d: merged", seed).isEqualTo(render(model));
        }
    }

    @Test
    void runs_are_merged_four_or_more_at_a_time_when_of_about_the_same_size() {
        var map = StateMap.manual(1, SortedRun.MAX_DATA, StateMap.MERGE_WIDTH);
        for (int i = 0; i < 3; i++) {
            map.apply(List.of(StateWrite.put(key(i), bytes("v"))));
        }
        assertThat(map.mergeOnce()).as("three runs").isFalse();
        assertThat(map.merges()).isZero();

        map.apply(List.of(StateWrite.put(key(3), bytes("v"))));
        assertThat(map.mergeOnce()).as("four runs").isTrue();
        assertThat(map.runCount()).isEqualTo(1);
        assertThat(map.merges()).as("merges counted").isEqualTo(1);

        for (int i = 4; i < 8; i++) {
            map.apply(List.of(StateWrite.put(key(i), bytes("v"))));
        }
        assertThat(map.mergeOnce()).isTrue();
        assertThat(map.runCount()).as("the four new runs merged; the older run of four entries joined them")
                .isEqualTo(1);
        assertThat(map.size()).isEqualTo(8);
    }

    @Test
    void runs_of_uneven_sizes_never_pile_up_past_the_limit() {
        var random = new Random(5);
        var map = StateMap.manual(1_000_000, SortedRun.MAX_DATA, StateMap.MERGE_WIDTH);
        int key = 0;
        for (int flush = 0; flush < 500; flush++) {
            var writes = new ArrayList<StateWrite>();
            int size = 1 + random.nextInt(random.nextBoolean() ? 3 : 40);
            for (int i = 0; i < size; i++) {
                writes.add(StateWrite.put(key(key++), bytes("v")));
            }
            map.apply(writes);
            map.freeze(); // a flush of whatever the small map holds
            while (map.mergeOnce()) {
                // all that the policy merges
            }
            assertThat(map.runCount()).as("flush %d", flush).isLessThanOrEqualTo(StateMap.MAX_RUNS);
        }
        assertThat(map.size()).isEqualTo(key);
    }

    @Test
    void a_removal_merged_into_the_oldest_run_is_dropped_and_the_key_stays_gone() {
        var map = StateMap.manual(1);
        map.apply(List.of(StateWrite.put("k", bytes("1"))));
        map.apply(List.of(StateWrite.delete("k")));

        boolean merged = map.mergeOnce();

        assertThat(merged).isTrue();
        assertThat(map.runCount()).isEqualTo(1);
        assertThat(map.get("k")).isNull();
        assertThat(map.size()).isZero();
    }

    @Test
    void a_flush_of_more_than_a_run_holds_becomes_several_runs_and_merges_stop_at_that_size() {
        var map = StateMap.manual(20, 1_000, 2);
        var expected = new ArrayList<String>();
        for (int i = 0; i < 20; i++) {
            map.apply(List.of(StateWrite.put(key(i), new byte[200])));
            expected.add(key(i) + "=" + text(new byte[200]));
        }

        int flushed = map.runCount();
        while (map.mergeOnce()) {
            // as far as the size allows
        }

        assertThat(flushed).isEqualTo(5);
        assertThat(map.runCount()).isEqualTo(5);
        assertThat(entries(map.from("", true))).isEqualTo(expected);
        assertThat(map.get(key(13))).hasSize(200);
    }

    @Test
    void a_merge_that_leaves_much_of_its_room_unused_keeps_arrays_cut_to_size() {
        var map = StateMap.manual(1_000);
        for (int round = 0; round < 2; round++) {
            var writes = new ArrayList<StateWrite>();
            for (int i = 0; i < 1_000; i++) {
                writes.add(StateWrite.put(key(i), bytes("value " + round)));
            }
            map.apply(writes);
        }

        map.mergeOnce();

        var runs = map.freeze();
        assertThat(runs).hasSize(1);
        assertThat(runs.getFirst().capacity()).isEqualTo(runs.getFirst().size());
        assertThat(text(map.get(key(7)))).isEqualTo("value 1");
    }

    @Test
    void a_snapshot_run_is_loaded_before_any_write_and_refused_after_one() {
        var early = StateMap.manual(4);
        early.loadOldest(new SortedRun.Builder(1, 2).add(bytes("k"), bytes("v")).build());
        var late = StateMap.manual(4);
        late.apply(List.of(StateWrite.put("x", bytes("1"))));

        assertThat(text(early.get("k"))).isEqualTo("v");
        assertThatThrownBy(() -> late.loadOldest(new SortedRun.Builder(1, 2).add(bytes("k"), bytes("v")).build()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void reads_under_the_lock_agree_with_the_writes_while_the_background_thread_merges() throws Exception {
        try (var map = StateMap.open()) {
            var failure = new AtomicReference<Throwable>();
            int keys = 3 * StateMap.FLUSH_AT;
            var reader = Thread.ofPlatform().start(() -> {
                try {
                    for (int round = 0; round < 200; round++) {
                        map.lock().readLock().lock();
                        try {
                            // every write is a put of the key's own name, in ascending order: what is there is a prefix
                            long seen = 0;
                            for (var cursor = map.from("", true); cursor.next(); seen++) {
                                var key = new String(cursor.key(), StandardCharsets.UTF_8);
                                assertThat(key).isEqualTo(key(seen));
                                assertThat(text(cursor.value())).isEqualTo(key);
                            }
                        } finally {
                            map.lock().readLock().unlock();
                        }
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            for (int i = 0; i < keys; i++) {
                map.lock().writeLock().lock();
                try {
                    map.apply(List.of(StateWrite.put(key(i), bytes(key(i)))));
                } finally {
                    map.lock().writeLock().unlock();
                }
            }
            reader.join();

            assertThat(failure.get()).isNull();
            map.lock().readLock().lock();
            try {
                assertThat(map.size()).isEqualTo(keys);
                assertThat(text(map.get(key(keys / 2)))).isEqualTo(key(keys / 2));
            } finally {
                map.lock().readLock().unlock();
            }
        }
    }

    private static String key(long i) {
        return String.format("k%08d", i);
    }

    private static List<StateWrite> randomCommit(Random random) {
        var writes = new ArrayList<StateWrite>();
        int size = 1 + random.nextInt(3);
        for (int i = 0; i < size; i++) {
            int kind = random.nextInt(10);
            if (kind < 6) {
                writes.add(StateWrite.put(KEYS.get(random.nextInt(KEYS.size())),
                        random.nextInt(4) == 0 ? new byte[0] : bytes("v" + random.nextInt(1000))));
            } else if (kind < 9) {
                writes.add(StateWrite.delete(KEYS.get(random.nextInt(KEYS.size()))));
            } else {
                String prefix = PREFIXES.get(random.nextInt(PREFIXES.size()));
                if (!prefix.isEmpty() && !prefix.equals("\uD83D")) {
                    writes.add(StateWrite.deletePrefix(prefix));
                }
            }
        }
        return writes;
    }

    private static void apply(TreeMap<String, byte[]> model, StateWrite write) {
        switch (write) {
            case StateWrite.Put put -> model.put(put.key(), put.value());
            case StateWrite.Delete delete -> model.remove(delete.key());
            case StateWrite.DeletePrefix prefix -> model.keySet().removeIf(k -> k.startsWith(prefix.prefix()));
        }
    }

    private static List<String> entries(StateMap.Cursor cursor) {
        var out = new ArrayList<String>();
        while (cursor.next()) {
            out.add(new String(cursor.key(), StandardCharsets.UTF_8) + "=" + text(cursor.value()));
        }
        return out;
    }

    private static List<String> render(Map<String, byte[]> model) {
        return model.entrySet().stream().map(e -> e.getKey() + "=" + text(e.getValue())).toList();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] value) {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }
}
