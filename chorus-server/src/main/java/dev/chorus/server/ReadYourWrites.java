package dev.chorus.server;

import dev.chorus.core.lineage.LineageIndex;
import dev.chorus.core.projection.ProjectionRunner;
import java.time.Duration;
import java.util.Objects;

/**
 * Lets a read after a write see that write: waits, at most the configured time, for a read model to pass the
 * write's position. When it does not get there in time the request ends in 503 with {@code Retry-After}
 * ({@link dev.chorus.core.projection.ProjectionTimeout} mapped by the API): the model is behind, not wrong.
 */
public final class ReadYourWrites {
    private final Duration timeout;

    public ReadYourWrites(Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    public Duration timeout() {
        return timeout;
    }

    /**
     * Returns once {@code projection} has applied the event at {@code position}.
     *
     * @throws dev.chorus.core.projection.ProjectionTimeout     not there in time (503)
     * @throws dev.chorus.core.projection.ProjectionNotRunning  stopped short of it (503)
     */
    public void await(ProjectionRunner<?> projection, long position) {
        try {
            projection.awaitPosition(position, timeout);
        } catch (InterruptedException e) {
            throw interrupted();
        }
    }

    /** Whether the lineage index has indexed every event before {@code position} within the timeout. */
    public boolean reached(LineageIndex index, long position) {
        try {
            return index.awaitPosition(position, timeout);
        } catch (InterruptedException e) {
            throw interrupted();
        }
    }

    private static ApiError interrupted() {
        Thread.currentThread().interrupt();
        return new ApiError(503, "shutting-down", "the server is stopping; send the request again");
    }
}
