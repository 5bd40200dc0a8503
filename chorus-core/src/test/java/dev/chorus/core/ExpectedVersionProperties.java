package dev.chorus.core;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class ExpectedVersionProperties {
    @Property(tries = 300)
    void an_exact_version_is_satisfied_by_that_version_and_no_other(
            @ForAll @LongRange(min = 0, max = 1_000) long expected,
            @ForAll @LongRange(min = -1, max = 1_000) long actual) {
        assertThat(ExpectedVersion.exactly(expected).isSatisfiedBy(actual)).isEqualTo(expected == actual);
    }

    @Property(tries = 300)
    void no_stream_and_stream_exists_split_every_actual_version_between_them(
            @ForAll @LongRange(min = -1, max = Long.MAX_VALUE) long actual) {
        assertThat(ExpectedVersion.noStream().isSatisfiedBy(actual))
                .isNotEqualTo(ExpectedVersion.streamExists().isSatisfiedBy(actual));
        assertThat(ExpectedVersion.any().isSatisfiedBy(actual)).isTrue();
    }
}
