package dev.chorus.core.saga;

import dev.chorus.core.ValidationError;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What a saga wants done, as data. The runner executes a step's effects in order: commands and publishes
 * right away (at least once: see {@link SagaRunner}), timeouts as bookkeeping in the same state commit as
 * the saga's new state and checkpoint (exactly once).
 *
 * @param <E> the saga's events
 * @param <C> the saga's commands
 */
public sealed interface SagaEffect<E, C> {
    /** Hands {@code command} to the application's {@link CommandDispatcher}; a compensation is one of these too. */
    record IssueCommand<E, C>(C command) implements SagaEffect<E, C> {
        public IssueCommand {
            Objects.requireNonNull(command, "command");
        }
    }

    /** Appends {@code event} to {@code streamId} (any version), in the conversation of the handled fact. */
    record Publish<E, C>(String streamId, E event) implements SagaEffect<E, C> {
        public Publish {
            Objects.requireNonNull(streamId, "streamId");
            Objects.requireNonNull(event, "event");
            if (streamId.isBlank()) {
                throw new ValidationError("streamId", "a publish needs a stream id");
            }
        }
    }

    /**
     * Arranges for {@link Saga#onTimeout} to be called with {@code name} once {@code due}. Scheduling a
     * name that is already pending replaces it.
     */
    record ScheduleTimeout<E, C>(String name, Due due) implements SagaEffect<E, C> {
        public ScheduleTimeout {
            TimeoutNames.validate(name);
            Objects.requireNonNull(due, "due");
        }
    }

    /** Forgets the pending timeout {@code name}, if there is one; it will not fire. */
    record CancelTimeout<E, C>(String name) implements SagaEffect<E, C> {
        public CancelTimeout {
            TimeoutNames.validate(name);
        }
    }

    static <E, C> SagaEffect<E, C> issue(C command) {
        return new IssueCommand<>(command);
    }

    static <E, C> SagaEffect<E, C> publish(String streamId, E event) {
        return new Publish<>(streamId, event);
    }

    static <E, C> SagaEffect<E, C> scheduleAfter(String name, Duration delay) {
        return new ScheduleTimeout<>(name, Due.after(delay));
    }

    static <E, C> SagaEffect<E, C> scheduleAt(String name, Instant instant) {
        return new ScheduleTimeout<>(name, Due.at(instant));
    }

    static <E, C> SagaEffect<E, C> cancel(String name) {
        return new CancelTimeout<>(name);
    }
}
