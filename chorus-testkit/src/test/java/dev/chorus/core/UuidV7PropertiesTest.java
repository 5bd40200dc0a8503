package dev.chorus.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.testkit.property.Gen;
import dev.chorus.testkit.property.PropertyCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Core properties checked here, where the property harness lives (chorus-core cannot depend on the testkit). */
class UuidV7PropertiesTest {
    private static final long MAX_MILLIS = 0xFFFF_FFFF_FFFFL;

    @Test
    void the_version_variant_and_millis_survive_any_random_bits() {
        var samples = Gen.longs(0, MAX_MILLIS).flatMap(millis -> Gen.longs(Long.MIN_VALUE, Long.MAX_VALUE).list(2, 2)
                .map(bits -> List.of(millis, bits.get(0), bits.get(1))));
        PropertyCheck.forAll(500, samples, sample -> {
            var uuid = UuidV7.at(sample.get(0), sample.get(1), sample.get(2));

            assertThat(uuid.version()).isEqualTo(7);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(UuidV7.millisOf(uuid)).isEqualTo(sample.get(0));
        });
    }

    @Test
    void a_later_millisecond_sorts_after_an_earlier_one_whatever_the_random_bits() {
        var bits = Gen.longs(Long.MIN_VALUE, Long.MAX_VALUE).list(4, 4);
        var samples = Gen.combine(Gen.combine(Gen.longs(0, MAX_MILLIS - 1), Gen.longs(1, 1_000_000), List::of), bits,
                (times, random) -> List.of(times.get(0), times.get(1), random));
        PropertyCheck.forAll(500, samples, sample -> {
            long earlier = (Long) sample.get(0);
            long later = Math.min(MAX_MILLIS, earlier + (Long) sample.get(1));
            @SuppressWarnings("unchecked")
            var random = (List<Long>) sample.get(2);

            var first = UuidV7.at(earlier, random.get(0), random.get(1));
            var second = UuidV7.at(later, random.get(2), random.get(3));

            assertThat(first.toString()).isLessThan(second.toString());
            assertThat(Long.compareUnsigned(first.getMostSignificantBits(), second.getMostSignificantBits()))
                    .isNegative();
        });
    }
}
