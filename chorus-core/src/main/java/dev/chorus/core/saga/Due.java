package dev.chorus.core.saga;

import dev.chorus.core.ValidationError;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When a scheduled timeout comes due: at an instant, or some time after what triggered the scheduling.
 * "After" counts from the triggering event's recorded-at (or, when a timeout schedules another, from the
 * first one's due instant), never from the wall clock at handling time, so a redelivered or replayed step
 * schedules the same instant.
 */
public sealed interface Due {
    record At(Instant instant) implements Due {
        public At {
            Objects.requireNonNull(instant, "instant");
        }
    }

    record After(Duration delay) implements Due {
        public After {
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative()) {
                throw new ValidationError("delay", "a timeout's delay is zero or more; got " + delay);
            }
        }
    }

    static Due at(Instant instant) {
        return new At(instant);
    }

    static Due after(Duration delay) {
        return new After(delay);
    }

    /** The instant this comes due when triggered at {@code trigger}. */
    default Instant resolve(Instant trigger) {
        return switch (this) {
            case At at -> at.instant();
            case After after -> trigger.plus(after.delay());
        };
    }
}
