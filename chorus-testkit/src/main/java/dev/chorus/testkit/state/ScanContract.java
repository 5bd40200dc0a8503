package dev.chorus.testkit.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.state.StateEntry;
import dev.chorus.core.state.StateStore;
import dev.chorus.core.state.StateWrite;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Prefix scans: in code point order, only the prefix, strictly after the given key, at most the limit. */
public abstract class ScanContract extends StateContract {
    protected ScanContract(StateFixture fixture) {
        super(fixture);
    }

    @Test
    void a_scan_returns_the_keys_under_the_prefix_in_key_order_and_nothing_beside_them() {
        store().commit(List.of(put("orders/b", "2"), put("orders", "bare"), put("orders/a", "1"), put("orders0", "x"),
                put("order", "y"), put("orders/c/1", "3"), put("payments/a", "z")));

        assertThat(keys(store().scan("orders/", 100))).containsExactly("orders/a", "orders/b", "orders/c/1");
    }

    @Test
    void a_key_equal_to_the_prefix_is_under_the_prefix() {
        store().commit(List.of(put("orders/", "itself"), put("orders/a", "1")));

        assertThat(keys(store().scan("orders/", 100))).containsExactly("orders/", "orders/a");
    }

    @Test
    void an_empty_prefix_scans_every_key() {
        store().commit(List.of(put("b", "2"), put("a", "1"), put("c", "3")));

        assertThat(keys(store().scan("", 100))).containsExactly("a", "b", "c");
    }

    @Test
    void a_scan_of_a_prefix_nothing_starts_with_is_empty() {
        store().commit(List.of(put("a", "1"), put("c", "3")));

        assertThat(store().scan("b", 100)).isEmpty();
    }

    @Test
    void keys_sort_by_code_point_which_is_utf8_byte_order_not_by_utf16_unit() {
        // U+FFFD sorts below U+1F600 by code point, but above it by UTF-16 unit (0xFFFD > 0xD83D).
        var keys = List.of("k/z", "k/é", "k/日", "k/\uFFFD", "k/😀", "k/🎵", "k/A", "k/a", "k/~");
        store().commit(keys.stream().map(k -> put(k, k)).toList());

        var expected = new ArrayList<>(keys);
        expected.sort((x, y) -> Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8),
                y.getBytes(StandardCharsets.UTF_8)));
        assertThat(keys(store().scan("k/", 100))).containsExactlyElementsOf(expected)
                .containsSubsequence("k/\uFFFD", "k/🎵", "k/😀");
    }

    @Test
    void a_scan_starts_strictly_after_the_given_key() {
        store().commit(List.of(put("r/1", "1"), put("r/2", "2"), put("r/3", "3")));

        assertThat(keys(store().scan("r/", "r/1", 100))).containsExactly("r/2", "r/3");
    }

    @Test
    void the_key_to_start_after_need_not_exist() {
        store().commit(List.of(put("r/a", "1"), put("r/c", "3")));

        assertThat(keys(store().scan("r/", "r/b", 100))).containsExactly("r/c");
    }

    @Test
    void a_key_to_start_after_that_sorts_before_the_prefix_starts_at_the_prefix() {
        store().commit(List.of(put("a/1", "x"), put("r/1", "1"), put("r/2", "2")));

        assertThat(keys(store().scan("r/", "a/1", 100))).containsExactly("r/1", "r/2");
    }

    @Test
    void a_key_to_start_after_that_sorts_after_the_prefix_finds_nothing() {
        store().commit(List.of(put("r/1", "1"), put("r/2", "2"), put("s/1", "x")));

        assertThat(store().scan("r/", "s", 100)).isEmpty();
        assertThat(store().scan("r/", "r/2", 100)).isEmpty();
    }

    @Test
    void a_scan_returns_at_most_the_limit_the_first_keys_in_order() {
        store().commit(List.of(put("r/4", "4"), put("r/2", "2"), put("r/3", "3"), put("r/1", "1")));

        assertThat(keys(store().scan("r/", 2))).containsExactly("r/1", "r/2");
        assertThat(keys(store().scan("r/", 1))).containsExactly("r/1");
    }

    @Test
    void paging_by_the_last_key_read_returns_every_entry_once_in_order_with_unicode_keys() {
        var writes = new ArrayList<StateWrite>();
        var expected = new ArrayList<String>();
        String[] parts = {"a", "é", "日", "😀", "\uFFFD", "Z", "0", "ß"};
        for (String first : parts) {
            for (String second : parts) {
                expected.add("page/" + first + second);
                writes.add(put("page/" + first + second, first + second));
            }
        }
        writes.add(put("pagf", "outside"));
        writes.add(put("pag", "outside"));
        store().commit(writes);
        expected.sort((x, y) -> Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8),
                y.getBytes(StandardCharsets.UTF_8)));

        for (int pageSize : new int[] {1, 3, 7, 64, 65, 1000}) {
            assertThat(keys(everything(store(), "page/", pageSize))).as("pages of %d", pageSize)
                    .containsExactlyElementsOf(expected);
        }
    }

    @Test
    void for_each_hands_every_entry_of_a_prefix_once_in_order_across_pages() {
        var writes = new ArrayList<StateWrite>();
        var expected = new ArrayList<String>();
        for (int i = 0; i < 2 * StateStore.PAGE + 1; i++) {
            String key = "each/" + String.format("%04d", i);
            expected.add(key);
            writes.add(put(key, Integer.toString(i)));
        }
        writes.add(put("eaci", "outside"));
        store().commit(writes);

        var seen = new ArrayList<StateEntry>();
        store().forEach("each/", entry -> {
            // what stops a store that ignores afterKey from paging for ever
            assertThat(seen).as("forEach handed more entries than the store holds").hasSizeLessThan(expected.size());
            seen.add(entry);
        });

        assertThat(keys(seen)).containsExactlyElementsOf(expected);
        assertThat(seen.getLast().value()).isEqualTo(bytes(Integer.toString(2 * StateStore.PAGE)));
    }

    @Test
    void a_scan_carries_each_value_with_its_key() {
        store().commit(List.of(put("r/1", "one"), put("r/2", "two")));

        assertThat(store().scan("r/", 10)).containsExactly(new StateEntry("r/1", bytes("one")),
                new StateEntry("r/2", bytes("two")));
    }

    private static List<String> keys(List<StateEntry> entries) {
        return entries.stream().map(StateEntry::key).toList();
    }
}
