package dev.chorus.core.handler;

import dev.chorus.core.Sleeper;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How {@link Handlers} run: the clock that stamps dead letters and that handlers see, and the sleeper that
 * waits out retry backoffs (tests inject one that records waits instead of sleeping).
 */
public record HandlerConfig(Clock clock, Sleeper sleeper) {
    public HandlerConfig {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(sleeper, "sleeper");
    }

    /** The system UTC clock and real sleeps. */
    public static HandlerConfig defaults() {
        return new HandlerConfig(Clock.systemUTC(), Sleeper.system());
    }

    public static HandlerConfig of(Consumer<Builder> setup) {
        var builder = new Builder();
        setup.accept(builder);
        return new HandlerConfig(builder.clock, builder.sleeper);
    }

    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.system();

        private Builder() {}

        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        public Builder sleeper(Sleeper value) {
            sleeper = Objects.requireNonNull(value, "sleeper");
            return this;
        }
    }
}
