package dev.chorus.log.state.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class KeyOrderTest {
    /** ASCII, U+E000..U+FFFF and a pair for U+1F600: where UTF-16 unit order and code point order part. */
    private static final String[] PIECES = {"a", "b", "z", "/", "\uE000", "\uFFFD", "\uD83D\uDE00", "\uD83C\uDFB5"};

    @Test
    void keys_that_need_code_points_arriving_after_many_that_do_not_still_sort_as_their_utf8_bytes() {
        var random = new Random(7);
        var narrow = keys(random, 500, 3);
        var wide = keys(random, 500, PIECES.length);
        var order = new KeyOrder();
        var map = new TreeMap<String, byte[]>(order);

        for (String key : narrow) {
            map.put(order.admit(key), key.getBytes(StandardCharsets.UTF_8));
        }
        for (String key : wide) {
            map.put(order.admit(key), key.getBytes(StandardCharsets.UTF_8));
        }

        var all = new ArrayList<String>(narrow);
        all.addAll(wide);
        var byBytes = all.stream().distinct().sorted((x, y) -> Arrays.compareUnsigned(
                x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8))).toList();
        assertThat(map.keySet()).containsExactlyElementsOf(byBytes);
        for (String key : all) {
            assertThat(map.get(order.admit(key))).isEqualTo(key.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void a_lookup_with_a_wide_key_in_a_map_of_narrow_ones_switches_the_order_before_it_compares() {
        var order = new KeyOrder();
        var map = new TreeMap<String, byte[]>(order);
        map.put(order.admit("k/a"), new byte[] {1});
        map.put(order.admit("k/b"), new byte[] {2});

        // By UTF-16 units U+1F600 (a lead surrogate) sorts before U+E000; by code points after it.
        assertThat(order.compare("\uD83D\uDE00", "\uE000")).isNegative();
        assertThat(map.get(order.admit("k/\uD83D\uDE00"))).isNull();
        assertThat(order.compare("\uD83D\uDE00", "\uE000")).isPositive();
        assertThat(map.get(order.admit("k/b"))).containsExactly(2);
    }

    private static List<String> keys(Random random, int count, int pieces) {
        var keys = new ArrayList<String>();
        for (int i = 0; i < count; i++) {
            var key = new StringBuilder("k/");
            for (int n = 1 + random.nextInt(5); n > 0; n--) {
                key.append(PIECES[random.nextInt(pieces)]);
            }
            keys.add(key.toString());
        }
        Collections.shuffle(keys, random);
        return keys;
    }
}
