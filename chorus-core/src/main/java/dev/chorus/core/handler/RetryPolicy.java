package dev.chorus.core.handler;

import dev.chorus.core.RetriableException;
import dev.chorus.core.ValidationError;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * How often a handler tries one event before dead-lettering it, and how long it waits in between: after
 * failed attempt {@code n} it waits {@code initialBackoff × multiplier^(n-1)}, at most {@code maxBackoff}.
 * Only errors that are instances of a type in {@code retryOn} are tried again; any other goes to the
 * dead-letter store at once. By default that is {@link RetriableException} (a version conflict, say):
 * retrying a bug or bad data only delays the dead letter.
 *
 * <p>No jitter: one runner handles one event at a time, so there is no herd of clients to spread out, and
 * waits stay predictable.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double multiplier,
                          Set<Class<? extends Throwable>> retryOn) {
    public static final int MAX_ATTEMPTS = 100;
    /** Longest wait between two attempts; longer outages are what the dead-letter store is for. */
    public static final Duration MAX_BACKOFF = Duration.ofHours(1);
    private static final RetryPolicy DEFAULTS = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(10),
            2.0, Set.of(RetriableException.class));

    public RetryPolicy {
        if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS) {
            throw new ValidationError("maxAttempts", "maxAttempts counts the first attempt too, 1 to " + MAX_ATTEMPTS
                    + "; got " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative()) {
            throw new ValidationError("initialBackoff", "initialBackoff must not be negative; got " + initialBackoff);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new ValidationError("maxBackoff", "maxBackoff (" + maxBackoff + ") must be at least initialBackoff ("
                    + initialBackoff + ")");
        }
        if (maxBackoff.compareTo(MAX_BACKOFF) > 0) {
            throw new ValidationError("maxBackoff", "maxBackoff is at most " + MAX_BACKOFF + "; got " + maxBackoff
                    + " (dead-letter the event and retry it later instead)");
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new ValidationError("multiplier", "the backoff multiplier is a finite number of at least 1; got "
                    + multiplier);
        }
        retryOn = Set.copyOf(Objects.requireNonNull(retryOn, "retryOn"));
    }

    /** 3 attempts, 100 ms then 200 ms apart (at most 10 s), retrying {@link RetriableException} only. */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    /** One attempt: the first failure is dead-lettered. */
    public static RetryPolicy noRetries() {
        return DEFAULTS.withMaxAttempts(1);
    }

    public RetryPolicy withMaxAttempts(int attempts) {
        return new RetryPolicy(attempts, initialBackoff, maxBackoff, multiplier, retryOn);
    }

    public RetryPolicy withBackoff(Duration initial, Duration max, double factor) {
        return new RetryPolicy(maxAttempts, initial, max, factor, retryOn);
    }

    /** Also retries errors of these types (and their subtypes). */
    @SafeVarargs
    public final RetryPolicy alsoRetrying(Class<? extends Throwable>... types) {
        var all = new HashSet<>(retryOn);
        all.addAll(Arrays.asList(types));
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, multiplier, all);
    }

    /** Retries errors of these types (and their subtypes) and no others. */
    @SafeVarargs
    public final RetryPolicy retryingOnly(Class<? extends Throwable>... types) {
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, multiplier, Set.of(types));
    }

    public boolean isRetriable(Throwable error) {
        for (var type : retryOn) {
            if (type.isInstance(error)) {
                return true;
            }
        }
        return false;
    }

    /** The wait after failed attempt {@code failedAttempt} (1-based) before the next one. */
    public Duration backoffAfter(int failedAttempt) {
        if (failedAttempt < 1) {
            throw new ValidationError("failedAttempt", "attempts count from 1; got " + failedAttempt);
        }
        double nanos = initialBackoff.toNanos() * Math.pow(multiplier, failedAttempt - 1);
        // Compared as doubles first: a long overflows long before maxBackoff is reached with a big multiplier.
        return nanos >= maxBackoff.toNanos() ? maxBackoff : Duration.ofNanos((long) nanos);
    }
}
