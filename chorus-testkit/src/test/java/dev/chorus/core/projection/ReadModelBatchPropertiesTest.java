package dev.chorus.core.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.memory.InMemoryStateStore;
import dev.chorus.core.projection.internal.Batch;
import dev.chorus.core.projection.internal.CommittedView;
import dev.chorus.core.projection.internal.Namespace;
import dev.chorus.core.state.StateEntry;
import dev.chorus.testkit.property.Gen;
import dev.chorus.testkit.property.PropertyCheck;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The read model a projection sees between commits (pending writes laid over committed rows, with per-event undo)
 * reads exactly like a plain sorted map that took the same writes, for any sequence of writes, clears, undos,
 * commits and failed commits, and commits to exactly that map, whatever it remembers of the committed rows between batches. Keys include characters above U+FFFF and in U+E000–U+FFFF, where
 * UTF-16 order and the stores' code point order disagree.
 */
class ReadModelBatchPropertiesTest {
    sealed interface Op {}

    record Begin() implements Op {}

    record Put(String key, String value) implements Op {}

    record Delete(String key) implements Op {}

    record DeletePrefix(String prefix) implements Op {}

    record Undo() implements Op {}

    record Commit() implements Op {}

    /** The batch's commit failed: its writes are dropped and the committed rows stay as they were. */
    record FailedCommit() implements Op {}

    record Scan(String prefix, String after, int limit) implements Op {}

    private static final String ALPHABET = "ab/😀\uE000";
    private static final Gen<String> KEYS = Gen.strings(ALPHABET, 1, 3);
    private static final Gen<String> PREFIXES = Gen.strings(ALPHABET, 0, 2);

    private static final Gen<Op> OPS = Gen.frequencyOf(
            random -> new Begin(),
            Gen.combine(KEYS, Gen.alphanumeric(0, 3), Put::new),
            Gen.combine(KEYS, Gen.alphanumeric(0, 3), Put::new),
            Gen.combine(KEYS, Gen.alphanumeric(0, 3), Put::new),
            KEYS.map(Delete::new),
            PREFIXES.map(DeletePrefix::new),
            random -> new Undo(),
            random -> new Commit(),
            random -> new FailedCommit(),
            random -> new Scan(PREFIXES.next(random), random.nextBoolean() ? "" : KEYS.next(random),
                    1 + random.nextInt(6)));

    @Test
    void the_batch_reads_and_commits_like_a_sorted_map_given_the_same_writes() {
        record Sample(List<Op> ops, long rememberBytes) {}
        var samples = Gen.combine(OPS.list(1, 80), Gen.oneOf(0L, 300L, 1L << 20), Sample::new);
        PropertyCheck.forAll(400, samples, sample -> {
            var ops = sample.ops();
            var store = new InMemoryStateStore();
            var namespace = new Namespace("model");
            // A small memory budget forgets the remembered rows every few writes; a large one never does.
            var batch = new Batch(namespace, new CommittedView(namespace, store), sample.rememberBytes());
            var committed = new TreeMap<String, String>(InMemoryStateStore.KEY_ORDER);
            var visible = new TreeMap<String, String>(InMemoryStateStore.KEY_ORDER);
            var atEventStart = new TreeMap<String, String>(InMemoryStateStore.KEY_ORDER);
            var everWritten = new TreeSet<String>();
            int step = 0;
            for (Op op : ops) {
                step++;
                switch (op) {
                    case Begin begin -> {
                        batch.beginEvent();
                        atEventStart = copy(visible);
                    }
                    case Put put -> {
                        batch.put(put.key(), utf8(put.value()));
                        visible.put(put.key(), put.value());
                        everWritten.add(put.key());
                    }
                    case Delete delete -> {
                        batch.delete(delete.key());
                        visible.remove(delete.key());
                        everWritten.add(delete.key());
                    }
                    case DeletePrefix clear -> {
                        batch.deletePrefix(clear.prefix());
                        visible.keySet().removeIf(key -> key.startsWith(clear.prefix()));
                    }
                    case Undo undo -> {
                        batch.undoEvent();
                        visible = copy(atEventStart);
                    }
                    case Commit commit -> {
                        store.commit(batch.writes(step));
                        batch.committed();
                        committed = copy(visible);
                        atEventStart = copy(visible);
                    }
                    case FailedCommit failed -> {
                        batch.writes(step);
                        batch.clear();
                        visible = copy(committed);
                        atEventStart = copy(visible);
                    }
                    case Scan scan -> assertThat(texts(batch.scan(scan.prefix(), scan.after(), scan.limit())))
                            .as("step %d: %s", step, scan)
                            .isEqualTo(expectedScan(visible, scan));
                }
                // Every key ever written, deleted or not: a row remembered after it was deleted would show here.
                for (String key : everWritten) {
                    assertThat(batch.get(key).map(ReadModelBatchPropertiesTest::text)).as("step %d: get %s", step, key)
                            .isEqualTo(Optional.ofNullable(visible.get(key)));
                }
                assertThat(texts(batch.scan("", 1000))).as("step %d: every row", step).isEqualTo(visible);
                assertThat(texts(new CommittedView(namespace, store).scan("", 1000)))
                        .as("step %d: the store", step).isEqualTo(committed);
            }
        });
    }

    private static Map<String, String> expectedScan(TreeMap<String, String> visible, Scan scan) {
        var expected = new TreeMap<String, String>(InMemoryStateStore.KEY_ORDER);
        for (var row : visible.entrySet()) {
            if (expected.size() < scan.limit() && row.getKey().startsWith(scan.prefix())
                    && InMemoryStateStore.KEY_ORDER.compare(row.getKey(), scan.after()) > 0) {
                expected.put(row.getKey(), row.getValue());
            }
        }
        return expected;
    }

    /** In the order the scan returned them: a TreeMap would hide a wrong order, so compare as an ordered list. */
    private static Map<String, String> texts(List<StateEntry> rows) {
        var ordered = new LinkedHashMap<String, String>();
        for (StateEntry row : rows) {
            ordered.put(row.key(), text(row.value()));
        }
        assertThat(List.copyOf(ordered.keySet())).as("scan order").isSortedAccordingTo(InMemoryStateStore.KEY_ORDER);
        return ordered;
    }

    private static TreeMap<String, String> copy(TreeMap<String, String> map) {
        return new TreeMap<>(map);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
