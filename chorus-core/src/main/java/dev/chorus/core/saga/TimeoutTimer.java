package dev.chorus.core.saga;

import dev.chorus.core.ValidationError;
import java.time.Duration;
import java.util.Objects;

/** Who calls {@link SagaRunner#fireDueTimeouts()}: nobody but the application, or the runner on a period. */
public sealed interface TimeoutTimer {
    /** Only explicit calls fire timeouts: for tests driving a {@code MutableClock}, or an external scheduler. */
    record Manual() implements TimeoutTimer {}

    /**
     * A virtual thread of the runner looks for due timeouts every {@code period} of real time, reading
     * "now" from the runner's clock; a timeout fires up to one period late.
     */
    record Every(Duration period) implements TimeoutTimer {
        public static final Duration MIN_PERIOD = Duration.ofMillis(10);

        public Every {
            Objects.requireNonNull(period, "period");
            if (period.compareTo(MIN_PERIOD) < 0) {
                throw new ValidationError("period", "the timer period is at least " + MIN_PERIOD + "; got " + period);
            }
        }
    }

    static TimeoutTimer manual() {
        return new Manual();
    }

    static TimeoutTimer every(Duration period) {
        return new Every(period);
    }
}
