package dev.chorus.log.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.testkit.property.Gen;
import dev.chorus.testkit.property.PropertyCheck;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The sealer's order of streams is a stable sort by signed hash, whatever the hashes. */
class HashOrderTest {
    /** Hashes drawn from few values (so that many are equal) or from all longs, negatives among them. */
    static final Gen<long[]> HASHES = random -> {
        int n = random.nextInt(2_000);
        boolean few = random.nextBoolean();
        long[] few8 = {Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE, 0x8000_0000_0000_0000L >>> 1, -65_536, 65_535};
        long[] hashes = new long[n];
        for (int i = 0; i < n; i++) {
            hashes[i] = few ? few8[random.nextInt(few8.length)] : random.nextLong();
        }
        return hashes;
    };

    @Test
    void streams_come_in_signed_hash_order_and_equal_hashes_in_stream_order() {
        PropertyCheck.forAll(300, HASHES, hashes -> {
            int[] expected = IntStream.range(0, hashes.length).boxed()
                    .sorted(Comparator.<Integer>comparingLong(i -> hashes[i]))
                    .mapToInt(Integer::intValue).toArray();

            int[] order = HashOrder.of(hashes, Throttle.none());

            assertThat(order).containsExactly(expected);
        });
    }

    @Test
    void the_most_negative_hash_comes_first_and_the_most_positive_last() {
        long[] hashes = {Long.MAX_VALUE, 0, -1, Long.MIN_VALUE, 1};

        int[] order = HashOrder.of(hashes, Throttle.none());

        assertThat(order).containsExactly(3, 2, 1, 4, 0);
    }
}
