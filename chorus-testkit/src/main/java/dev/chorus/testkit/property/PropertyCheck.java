package dev.chorus.testkit.property;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Runs a property over generated samples. Each run draws a seed (or takes {@code -Dchorus.seed=N}); a
 * failure names the seed, the try and the sample, so the same samples can be replayed exactly.
 */
public final class PropertyCheck {
    public static final String SEED_PROPERTY = "chorus.seed";

    private PropertyCheck() {}

    /** A property body that may throw: an assertion error or any exception fails the sample. */
    @FunctionalInterface
    public interface Property<T> {
        void check(T sample) throws Exception;
    }

    public static <T> void forAll(int tries, Gen<T> gen, Property<? super T> property) {
        Objects.requireNonNull(gen, "gen");
        Objects.requireNonNull(property, "property");
        if (tries <= 0) {
            throw new IllegalArgumentException("tries must be positive: " + tries);
        }
        long seed = seed();
        var random = new SplittableRandom(seed);
        for (int attempt = 1; attempt <= tries; attempt++) {
            T sample = gen.next(random);
            try {
                property.check(sample);
            } catch (Throwable failure) {
                var error = new AssertionError("property failed on try " + attempt + " of " + tries + " (replay with -D"
                        + SEED_PROPERTY + "=" + seed + ")\nsample: " + Gen.describe(sample) + "\n" + failure, failure);
                throw error;
            }
        }
    }

    private static long seed() {
        String given = System.getProperty(SEED_PROPERTY);
        return given == null ? new SplittableRandom().nextLong() : Long.parseLong(given.trim());
    }
}
