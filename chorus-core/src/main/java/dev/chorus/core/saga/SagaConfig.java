package dev.chorus.core.saga;

import dev.chorus.core.Sleeper;
import dev.chorus.core.handler.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How a {@link SagaRunner} runs.
 *
 * @param clock   "now" for due timeouts and dead-letter times
 * @param sleeper waits out retry backoffs (tests inject one that records the waits)
 * @param retry   how often one step (evolve, react, the commands and publishes) is tried before its fact is
 *                dead-lettered; default {@link RetryPolicy#defaults()}
 * @param timer   who fires due timeouts; default every second
 */
public record SagaConfig(Clock clock, Sleeper sleeper, RetryPolicy retry, TimeoutTimer timer) {
    public static final Duration DEFAULT_TIMER_PERIOD = Duration.ofSeconds(1);

    public SagaConfig {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(sleeper, "sleeper");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(timer, "timer");
    }

    public static SagaConfig defaults() {
        return new SagaConfig(Clock.systemUTC(), Sleeper.system(), RetryPolicy.defaults(),
                TimeoutTimer.every(DEFAULT_TIMER_PERIOD));
    }

    /** The defaults, changed by {@code setup}: {@code SagaConfig.of(c -> c.clock(clock).timer(TimeoutTimer.manual()))}. */
    public static SagaConfig of(Consumer<Builder> setup) {
        var builder = new Builder(defaults());
        setup.accept(builder);
        return new SagaConfig(builder.clock, builder.sleeper, builder.retry, builder.timer);
    }

    public static final class Builder {
        private Clock clock;
        private Sleeper sleeper;
        private RetryPolicy retry;
        private TimeoutTimer timer;

        private Builder(SagaConfig from) {
            clock = from.clock;
            sleeper = from.sleeper;
            retry = from.retry;
            timer = from.timer;
        }

        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        public Builder sleeper(Sleeper value) {
            sleeper = Objects.requireNonNull(value, "sleeper");
            return this;
        }

        public Builder retry(RetryPolicy value) {
            retry = Objects.requireNonNull(value, "retry");
            return this;
        }

        public Builder timer(TimeoutTimer value) {
            timer = Objects.requireNonNull(value, "timer");
            return this;
        }
    }
}
