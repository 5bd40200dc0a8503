package dev.chorus.core.handler;

import dev.chorus.core.Sleeper;
import dev.chorus.core.ValidationError;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How {@link Handlers} run: the clock that stamps dead letters and that handlers see, the sleeper that waits
 * out retry backoffs (tests inject one that records waits instead of sleeping), and the batch size.
 *
 * <p>{@code batchSize} is the most events whose outcomes share one state commit. A handler commits when its
 * subscription has no further event in hand (the rest of the page it read from the log), when the batch is
 * full, before an event is dead-lettered, and before an operator's retry or discard; so a handler that keeps up
 * commits after every event, and one that is behind commits once per page instead of once per event. Its
 * position moves only when the commit is durable; a crash before it redelivers the batch's events (at most
 * this many), which delivery at least once allows. 1 commits every event on its own. Default
 * {@value #DEFAULT_BATCH_SIZE}.
 */
public record HandlerConfig(Clock clock, Sleeper sleeper, int batchSize) {
    public static final int DEFAULT_BATCH_SIZE = 64;
    /** The most a batch may hold: a subscription's page is smaller, and a larger commit only repeats more. */
    public static final int MAX_BATCH_SIZE = 4096;

    public HandlerConfig {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(sleeper, "sleeper");
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new ValidationError("batchSize", "a handler's batch is 1 to " + MAX_BATCH_SIZE
                    + " events; got " + batchSize);
        }
    }

    public HandlerConfig(Clock clock, Sleeper sleeper) {
        this(clock, sleeper, DEFAULT_BATCH_SIZE);
    }

    /** The system UTC clock, real sleeps and the default batch size. */
    public static HandlerConfig defaults() {
        return new HandlerConfig(Clock.systemUTC(), Sleeper.system());
    }

    public static HandlerConfig of(Consumer<Builder> setup) {
        var builder = new Builder();
        setup.accept(builder);
        return new HandlerConfig(builder.clock, builder.sleeper, builder.batchSize);
    }

    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.system();
        private int batchSize = DEFAULT_BATCH_SIZE;

        private Builder() {}

        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        public Builder sleeper(Sleeper value) {
            sleeper = Objects.requireNonNull(value, "sleeper");
            return this;
        }

        /** See {@link HandlerConfig}: the most events per state commit. */
        public Builder batchSize(int value) {
            batchSize = value;
            return this;
        }
    }
}
