package dev.chorus.log.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** Each entry of the active segment's index reads back as added, at the ends of what a segment can hold too. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MemIndexTest {
    private static final long LAST_OFFSET = Integer.MAX_VALUE - 1L;

    @Test
    void versions_positions_and_offsets_read_back_forward_and_backward() {
        var index = new MemIndex();
        // a frame of three events, another stream's frame between, then one far along the segment
        index.add("s", 7, 1_000_000, 3, 40);
        index.add("other", 0, 1_000_003, 1, 400);
        index.add("s", 10, 1_000_000 + 5_000_000, 1, LAST_OFFSET);

        assertThat(entries(index.entries("s", 0, true))).containsExactly(
                List.of(7L, 1_000_000L, 40L), List.of(8L, 1_000_001L, 40L), List.of(9L, 1_000_002L, 40L),
                List.of(10L, 6_000_000L, LAST_OFFSET));
        assertThat(entries(index.entries("s", 9, false))).containsExactly(
                List.of(9L, 1_000_002L, 40L), List.of(8L, 1_000_001L, 40L), List.of(7L, 1_000_000L, 40L));
        assertThat(entries(index.entries("other", 0, true))).containsExactly(List.of(0L, 1_000_003L, 400L));
        assertThat(index.lastVersion("s")).isEqualTo(10);
        assertThat(index.lastVersion("none")).isEqualTo(-1);
    }

    @Test
    void an_offset_past_what_an_entry_holds_is_refused() {
        var index = new MemIndex();

        assertThatThrownBy(() -> index.add("s", 0, 0, 1, 1L << 32)).isInstanceOf(IllegalStateException.class);
    }

    private static List<List<Long>> entries(EntryCursor cursor) {
        var out = new ArrayList<List<Long>>();
        while (cursor.next()) {
            out.add(List.of(cursor.version(), cursor.position(), cursor.offset()));
        }
        return out;
    }
}
