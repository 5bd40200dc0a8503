package dev.chorus.core.decider;

import dev.chorus.core.ValidationError;
import java.time.Duration;
import java.util.Objects;

/**
 * How the command loop retries a version conflict (and nothing else): at most {@code maxAttempts} tries in
 * all, waiting between them a backoff that doubles from {@code initialBackoff} up to {@code maxBackoff},
 * of which a random share up to {@code jitter} is taken off, so that writers that collided once do not
 * collide again in step.
 *
 * @param maxAttempts    tries in all, the first included; 1 never retries
 * @param initialBackoff the wait after the first conflict, before jitter
 * @param maxBackoff     the longest wait, before jitter
 * @param jitter         0 waits exactly the backoff; 1 waits anything from nothing up to it ("full jitter")
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double jitter) {
    /** The longest wait allowed: a command that waits longer should fail and let its caller decide. */
    public static final Duration LONGEST = Duration.ofHours(1);

    /**
     * 10 tries, waiting from 2 ms doubling up to 250 ms, up to half of each wait random: between about 0.3 and
     * 0.7 s in all, longer than a loaded disk's slow fsyncs, which is how long a rival's write can stay unseen.
     */
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(10, Duration.ofMillis(2), Duration.ofMillis(250), 0.5);

    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxAttempts < 1) {
            throw new ValidationError("maxAttempts", "maxAttempts counts the first try too, so it is 1 or more; got "
                    + maxAttempts);
        }
        if (initialBackoff.isNegative()) {
            throw new ValidationError("initialBackoff", "initialBackoff is zero or more; got " + initialBackoff);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new ValidationError("maxBackoff", "maxBackoff (" + maxBackoff + ") is at least initialBackoff ("
                    + initialBackoff + ")");
        }
        if (maxBackoff.compareTo(LONGEST) > 0) {
            throw new ValidationError("maxBackoff", "maxBackoff is at most " + LONGEST + "; got " + maxBackoff);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new ValidationError("jitter", "jitter is a share between 0 and 1; got " + jitter);
        }
    }

    /** Never retries: the first conflict is the caller's. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 0);
    }

    public RetryPolicy withMaxAttempts(int attempts) {
        return new RetryPolicy(attempts, initialBackoff, maxBackoff, jitter);
    }

    /**
     * The wait after failed try number {@code attempt} (1-based), given a uniform random {@code draw} in
     * [0, 1): the doubled backoff, capped, less {@code jitter × draw} of it.
     */
    public Duration backoff(int attempt, double draw) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt is 1 or more; got " + attempt);
        }
        if (!(draw >= 0 && draw < 1)) {
            throw new IllegalArgumentException("draw is in [0, 1); got " + draw);
        }
        long initial = initialBackoff.toNanos();
        long cap = maxBackoff.toNanos();
        // Shifting past the cap's bit length would overflow; by then the cap applies anyway.
        int doublings = Math.min(attempt - 1, 62);
        long doubled = initial == 0 ? 0 : doublings >= Long.numberOfLeadingZeros(initial) - 1 ? cap
                : Math.min(cap, initial << doublings);
        return Duration.ofNanos(doubled - (long) (doubled * jitter * draw));
    }
}
