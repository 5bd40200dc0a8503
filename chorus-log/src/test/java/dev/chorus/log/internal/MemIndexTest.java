package dev.chorus.log.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** Each entry of the active segment's index reads back as added, however many streams and whoever reads meanwhile. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MemIndexTest {
    private static final long LAST_OFFSET = 0xFFFF_FFFFL;

    @Test
    void versions_positions_and_offsets_read_back_forward_and_backward() {
        var index = new MemIndex();
        // a frame of three events, another stream's frame between, then one at the last offset an entry holds
        index.add("s", 7, 1_000_000, 3, 40);
        index.add("other", 0, 1_000_003, 1, 400);
        index.add("s", 10, 1_000_004, 1, LAST_OFFSET);

        assertThat(entries(index.entries("s", 0, true))).containsExactly(
                List.of(7L, 1_000_000L, 40L), List.of(8L, 1_000_001L, 40L), List.of(9L, 1_000_002L, 40L),
                List.of(10L, 1_000_004L, LAST_OFFSET));
        assertThat(entries(index.entries("s", 9, false))).containsExactly(
                List.of(9L, 1_000_002L, 40L), List.of(8L, 1_000_001L, 40L), List.of(7L, 1_000_000L, 40L));
        assertThat(entries(index.entries("s", 9, true))).containsExactly(
                List.of(9L, 1_000_002L, 40L), List.of(10L, 1_000_004L, LAST_OFFSET));
        assertThat(entries(index.entries("s", 11, true))).isEmpty();
        assertThat(entries(index.entries("s", 6, false))).isEmpty();
        assertThat(entries(index.entries("other", 0, true))).containsExactly(List.of(0L, 1_000_003L, 400L));
        assertThat(index.lastVersion("s")).isEqualTo(10);
        assertThat(index.lastVersion("none")).isEqualTo(-1);
    }

    @Test
    void streams_whose_ids_share_a_hash_code_or_are_not_ascii_are_told_apart() {
        var index = new MemIndex();
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        index.add("Aa", 0, 0, 1, 0);
        index.add("BB", 5, 1, 1, 10);
        index.add("é", 3, 2, 1, 20);
        index.add("\uD83D\uDE00", 9, 3, 1, 30);

        assertThat(index.lastVersion("Aa")).isZero();
        assertThat(index.lastVersion("BB")).isEqualTo(5);
        assertThat(index.lastVersion("é")).isEqualTo(3);
        assertThat(index.lastVersion("e")).isEqualTo(-1);
        assertThat(index.lastVersion("\uD83D\uDE00")).isEqualTo(9);
        assertThat(index.streamCount()).isEqualTo(4);
        assertThat(index.streamName(2)).isEqualTo("é");
    }

    @Test
    void many_streams_read_back_as_a_map_would_while_readers_read_concurrently() throws Exception {
        var random = new SplittableRandom(3);
        var index = new MemIndex();
        var model = new HashMap<String, List<long[]>>();
        var failure = new AtomicReference<Throwable>();
        var done = new java.util.concurrent.atomic.AtomicBoolean();
        var reader = Thread.ofPlatform().start(() -> {
            var check = new SplittableRandom(4);
            try {
                while (!done.get()) {
                    String stream = "stream-" + check.nextInt(20_000);
                    long previous = -1;
                    for (var cursor = index.entries(stream, 0, true); cursor.next(); ) {
                        // versions follow on, and each entry's offset says which version it is (see below)
                        assertThat(previous < 0 || cursor.version() == previous + 1).isTrue();
                        assertThat(cursor.offset()).isEqualTo(cursor.version() * 8);
                        previous = cursor.version();
                    }
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        long position = 0;
        for (int frame = 0; frame < 200_000; frame++) {
            String stream = "stream-" + random.nextInt(20_000);
            var entries = model.computeIfAbsent(stream, s -> new ArrayList<>());
            int count = 1 + (random.nextInt(10) == 0 ? random.nextInt(5) : 0);
            long version = entries.size();
            // a stream's versions here stand in for its frames' offsets: a reader checks one against the other
            index.add(stream, version, position, 1, version * 8);
            entries.add(new long[] {version, position, version * 8});
            position++;
            for (int i = 1; i < count; i++) {
                long v = entries.size();
                index.add(stream, v, position, 1, v * 8);
                entries.add(new long[] {v, position, v * 8});
                position++;
            }
        }
        done.set(true);
        reader.join();

        assertThat(failure.get()).isNull();
        assertThat(index.streamCount()).isEqualTo(model.size());
        for (Map.Entry<String, List<long[]>> stream : model.entrySet()) {
            var expected = stream.getValue().stream().map(e -> List.of(e[0], e[1], e[2])).toList();
            assertThat(entries(index.entries(stream.getKey(), 0, true))).isEqualTo(expected);
            assertThat(index.lastVersion(stream.getKey())).isEqualTo(expected.size() - 1);
        }
    }

    @Test
    void an_offset_past_what_an_entry_holds_is_refused() {
        var index = new MemIndex();

        assertThatThrownBy(() -> index.add("s", 0, 0, 1, 1L << 32)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_position_that_does_not_follow_on_is_refused() {
        var index = new MemIndex();
        index.add("s", 0, 100, 2, 0);

        assertThatThrownBy(() -> index.add("s", 2, 103, 1, 50)).isInstanceOf(IllegalStateException.class);
    }

    private static List<List<Long>> entries(EntryCursor cursor) {
        var out = new ArrayList<List<Long>>();
        while (cursor.next()) {
            out.add(List.of(cursor.version(), cursor.position(), cursor.offset()));
        }
        return out;
    }
}
