package dev.chorus.core.projection;

import dev.chorus.core.RetriableException;
import java.time.Duration;

/**
 * {@link ProjectionRunner#awaitPosition} gave up: the projection is running but had not passed the position when
 * the timeout ran out. Nothing is wrong with the read model; it is behind. Retry, wait longer, or read anyway.
 */
public final class ProjectionTimeout extends RetriableException {
    private final String projection;
    private final long position;
    private final long checkpoint;
    private final Duration timeout;

    public ProjectionTimeout(String projection, long position, long checkpoint, Duration timeout) {
        super("projection " + projection + " did not pass position " + position + " within " + timeout
                + "; it is at " + checkpoint + " (" + (position + 1 - checkpoint)
                + " events to go): wait longer or read the read model as it is");
        this.projection = projection;
        this.position = position;
        this.checkpoint = checkpoint;
        this.timeout = timeout;
    }

    public String projection() {
        return projection;
    }

    /** The position waited for. */
    public long position() {
        return position;
    }

    /** Where the projection was when the wait ended. */
    public long checkpoint() {
        return checkpoint;
    }

    public Duration timeout() {
        return timeout;
    }
}
