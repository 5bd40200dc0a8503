package dev.chorus.log.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** A throttled thread rests at least as long as it worked; an unthrottled one never rests. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ThrottleTest {
    private static final long STRETCH = 3_000_000;

    @Test
    void half_rests_after_each_stretch_as_long_as_the_stretch_took() {
        var throttle = Throttle.half();
        long worked = 0;
        long start = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            worked += busy(STRETCH);
            throttle.tick();
        }
        long elapsed = System.nanoTime() - start;

        assertThat(elapsed).as("elapsed, against %d ns of work", worked).isGreaterThanOrEqualTo(2 * worked);
    }

    @Test
    void none_does_not_rest_after_a_stretch_of_work() {
        var throttle = Throttle.none();
        long worked = busy(STRETCH);
        long beforeTick = System.nanoTime();

        throttle.tick();

        // resting would take at least as long as the work did
        assertThat(System.nanoTime() - beforeTick).isLessThan(worked);
    }

    /** Spins for at least {@code nanos}; returns how long it spun. */
    private static long busy(long nanos) {
        long start = System.nanoTime();
        long now;
        do {
            now = System.nanoTime();
        } while (now - start < nanos);
        return now - start;
    }
}
