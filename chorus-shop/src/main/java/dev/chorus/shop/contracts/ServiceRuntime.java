package dev.chorus.shop.contracts;

import dev.chorus.core.EventStore;
import dev.chorus.core.handler.Handlers;
import dev.chorus.core.projection.ProjectionRunner;
import dev.chorus.core.state.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What a service is given to run on: the log, the state store beside it, the shared handler runtime, the
 * clock and how long a query waits for its read model (read-your-writes). Services share these objects
 * only because they share a JVM; no service sees another's code.
 */
public record ServiceRuntime(EventStore events, StateStore state, Handlers handlers, Clock clock,
                             Duration readTimeout) {
    public ServiceRuntime {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(handlers, "handlers");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(readTimeout, "readTimeout");
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("readTimeout must be positive: " + readTimeout);
        }
    }

    /**
     * Read-your-writes: waits (bounded by {@link #readTimeout}) until {@code view} has seen every event in
     * the log when this is called, so a caller reads what it wrote before asking.
     */
    public void awaitCurrent(ProjectionRunner<?> view) {
        long last = events.headPosition() - 1;
        if (last >= 0) {
            awaitPosition(view, last);
        }
    }

    /** Waits (bounded by {@link #readTimeout}) until {@code view} has seen the event at {@code position}. */
    public void awaitPosition(ProjectionRunner<?> view, long position) {
        try {
            view.awaitPosition(position, readTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for read model " + view.name(), e);
        }
    }
}
