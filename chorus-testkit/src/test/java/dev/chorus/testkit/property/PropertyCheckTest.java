package dev.chorus.testkit.property;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PropertyCheckTest {
    @AfterEach
    void forget_the_seed() {
        System.clearProperty(PropertyCheck.SEED_PROPERTY);
    }

    @Test
    void a_property_that_holds_runs_every_try() {
        var seen = new ArrayList<Integer>();
        PropertyCheck.forAll(50, Gen.ints(1, 10), seen::add);
        assertThat(seen).hasSize(50).allMatch(i -> i >= 1 && i <= 10);
    }

    @Test
    void a_failing_property_reports_the_seed_and_the_sample_and_replays_exactly() {
        System.setProperty(PropertyCheck.SEED_PROPERTY, "42");
        var first = new ArrayList<List<Integer>>();
        var replay = new ArrayList<List<Integer>>();
        var gen = Gen.ints(0, 100).list(0, 5);

        assertThatThrownBy(() -> PropertyCheck.forAll(100, gen, sample -> {
            first.add(sample);
            assertThat(sample).doesNotContain(7, 8, 9);
        })).isInstanceOf(AssertionError.class).hasMessageContaining("-Dchorus.seed=42").hasMessageContaining("sample: [");

        assertThatThrownBy(() -> PropertyCheck.forAll(100, gen, sample -> {
            replay.add(sample);
            assertThat(sample).doesNotContain(7, 8, 9);
        })).isInstanceOf(AssertionError.class);
        assertThat(replay).isEqualTo(first);
    }

    @Test
    void unicode_strings_hold_only_the_alphabet_and_respect_their_lengths() {
        PropertyCheck.forAll(200, Gen.strings("aé日😀", 2, 6), text -> {
            assertThat(text.codePointCount(0, text.length())).isBetween(2, 6);
            assertThat(text.codePoints()).allMatch(cp -> "aé日😀".codePoints().anyMatch(a -> a == cp));
        });
    }
}
