package dev.chorus.shop.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.testkit.property.Gen;
import dev.chorus.testkit.property.PropertyCheck;
import java.util.HashMap;
import org.junit.jupiter.api.Test;

class ByIdTest {
    @Test
    void any_sequence_of_puts_reads_back_as_a_plain_map_would_and_leaves_earlier_versions_unchanged() {
        var puts = Gen.combine(Gen.alphanumeric(1, 4), Gen.ints(0, 1_000), (id, value) -> new Object[] {id, value})
                .list(0, 300);
        PropertyCheck.forAll(100, puts, sample -> {
            ById<Integer> map = ById.empty();
            var expected = new HashMap<String, Integer>();
            var first = map;
            for (var put : sample) {
                map = map.with((String) put[0], (Integer) put[1]);
                expected.put((String) put[0], (Integer) put[1]);
            }
            assertThat(map.size()).isEqualTo(expected.size());
            for (var entry : expected.entrySet()) {
                assertThat(map.find(entry.getKey())).contains(entry.getValue());
                assertThat(map.get(entry.getKey())).isEqualTo(entry.getValue());
                assertThat(map.containsKey(entry.getKey())).isTrue();
            }
            assertThat(map.find("not-a-key-of-4-chars")).isEmpty();
            assertThat(map).isEqualTo(expected);
            assertThat(first.size()).isZero();
        });
    }

    @Test
    void keys_whose_hashes_are_equal_are_kept_apart_and_replaced_one_by_one() {
        // "Aa" and "BB" have the same String hash, and so has every string of the same number of such blocks.
        var blocks = Gen.ints(0, 1).list(1, 4).map(bits -> {
            var key = new StringBuilder();
            bits.forEach(bit -> key.append(bit == 0 ? "Aa" : "BB"));
            return key.toString();
        });
        var puts = Gen.combine(blocks, Gen.ints(0, 1_000), (id, value) -> new Object[] {id, value}).list(0, 100);
        PropertyCheck.forAll(100, puts, sample -> {
            ById<Integer> map = ById.empty();
            var expected = new HashMap<String, Integer>();
            for (var put : sample) {
                var before = map;
                var beforeEntries = new HashMap<>(before);
                map = map.with((String) put[0], (Integer) put[1]);
                expected.put((String) put[0], (Integer) put[1]);
                assertThat(before).isEqualTo(beforeEntries);
            }
            assertThat(map).isEqualTo(expected).hasSize(expected.size());
            assertThat(map.hashCode()).isEqualTo(expected.hashCode());
        });
    }

    @Test
    void two_maps_with_the_same_entries_are_equal_whatever_the_order_of_puts() {
        assertThat(ById.<Integer>empty().with("a", 1).with("b", 2)).isEqualTo(ById.<Integer>empty().with("b", 2).with("a", 1));
    }

    @Test
    void it_refuses_to_be_changed_as_a_map() {
        var map = ById.<Integer>empty().with("a", 1);

        assertThatThrownBy(() -> map.remove("a")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(map::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> map.put("b", 2)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(map).containsExactly(java.util.Map.entry("a", 1));
    }
}
