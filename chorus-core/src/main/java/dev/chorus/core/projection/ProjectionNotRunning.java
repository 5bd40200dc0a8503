package dev.chorus.core.projection;

import dev.chorus.core.ChorusException;

/**
 * {@link ProjectionRunner#awaitPosition} was asked for a position the projection has not passed, and it is
 * stopped, so waiting could never end. Start it first.
 */
public final class ProjectionNotRunning extends ChorusException {
    private final String projection;
    private final long position;
    private final long checkpoint;

    public ProjectionNotRunning(String projection, long position, long checkpoint) {
        super("projection " + projection + " is stopped at " + checkpoint + " and will not pass position " + position
                + " until it is started");
        this.projection = projection;
        this.position = position;
        this.checkpoint = checkpoint;
    }

    public String projection() {
        return projection;
    }

    public long position() {
        return position;
    }

    public long checkpoint() {
        return checkpoint;
    }
}
