package dev.chorus.core;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class UuidV7Properties {
    private static final long MAX_MILLIS = 0xFFFF_FFFF_FFFFL;

    @Property(tries = 500)
    void the_version_variant_and_millis_survive_any_random_bits(
            @ForAll @LongRange(min = 0, max = MAX_MILLIS) long millis, @ForAll long randA, @ForAll long randB) {
        var uuid = UuidV7.at(millis, randA, randB);

        assertThat(uuid.version()).isEqualTo(7);
        assertThat(uuid.variant()).isEqualTo(2);
        assertThat(UuidV7.millisOf(uuid)).isEqualTo(millis);
    }

    @Property(tries = 500)
    void a_later_millisecond_sorts_after_an_earlier_one_whatever_the_random_bits(
            @ForAll @LongRange(min = 0, max = MAX_MILLIS - 1) long earlier,
            @ForAll @LongRange(min = 1, max = 1_000_000) long gap,
            @ForAll long randA1, @ForAll long randB1, @ForAll long randA2, @ForAll long randB2) {
        long later = Math.min(MAX_MILLIS, earlier + gap);

        var first = UuidV7.at(earlier, randA1, randB1);
        var second = UuidV7.at(later, randA2, randB2);

        assertThat(first.toString()).isLessThan(second.toString());
        assertThat(Long.compareUnsigned(first.getMostSignificantBits(), second.getMostSignificantBits()))
                .isNegative();
    }
}
