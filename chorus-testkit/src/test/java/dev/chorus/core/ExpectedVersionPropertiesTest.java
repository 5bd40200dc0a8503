package dev.chorus.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.testkit.property.Gen;
import dev.chorus.testkit.property.PropertyCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpectedVersionPropertiesTest {
    @Test
    void an_exact_version_is_satisfied_by_that_version_and_no_other() {
        var samples = Gen.combine(Gen.longs(0, 1_000), Gen.longs(-1, 1_000), List::of);
        PropertyCheck.forAll(300, samples, sample -> {
            long expected = sample.get(0);
            long actual = sample.get(1);
            assertThat(ExpectedVersion.exactly(expected).isSatisfiedBy(actual)).isEqualTo(expected == actual);
        });
        assertThat(ExpectedVersion.exactly(5).isSatisfiedBy(5)).isTrue();
    }

    @Test
    void no_stream_and_stream_exists_split_every_actual_version_between_them() {
        PropertyCheck.forAll(300, Gen.frequencyOf(Gen.longs(-1, 10), Gen.longs(-1, Long.MAX_VALUE)), actual -> {
            assertThat(ExpectedVersion.noStream().isSatisfiedBy(actual))
                    .isNotEqualTo(ExpectedVersion.streamExists().isSatisfiedBy(actual));
            assertThat(ExpectedVersion.any().isSatisfiedBy(actual)).isTrue();
        });
    }
}
