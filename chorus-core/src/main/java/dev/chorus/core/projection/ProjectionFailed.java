package dev.chorus.core.projection;

import dev.chorus.core.ChorusException;
import dev.chorus.core.EventType;
import java.util.Optional;

/**
 * A projection stopped: applying an event threw, its codec could not decode the event, or the read-model commit
 * failed. Projections are not retried like handlers: a failing event would fail again, and skipping it would leave
 * the read model wrong. The checkpoint stays at {@link #position()} (everything before it is committed), so the
 * projection resumes there once the cause is fixed and it is started again, or it can be rebuilt.
 */
public final class ProjectionFailed extends ChorusException {
    private final String projection;
    private final long position;
    private final Optional<EventType> eventType;

    private ProjectionFailed(String projection, long position, Optional<EventType> eventType, String message,
                             Throwable cause) {
        super(message, cause);
        this.projection = projection;
        this.position = position;
        this.eventType = eventType;
    }

    /** The event at {@code position} could not be applied. */
    public static ProjectionFailed atEvent(String projection, long position, EventType type, Throwable cause) {
        return new ProjectionFailed(projection, position, Optional.of(type), "projection " + projection
                + " stopped at position " + position + " (" + type + "): " + describe(cause)
                + "; its checkpoint stays at " + position + ": fix the projection and start it again, or rebuild it",
                cause);
    }

    /** The events from {@code checkpoint} were applied but their commit failed; none of them is committed. */
    public static ProjectionFailed atCommit(String projection, long checkpoint, long nextPosition, Throwable cause) {
        return new ProjectionFailed(projection, checkpoint, Optional.empty(), "projection " + projection
                + " could not commit positions " + checkpoint + " to " + (nextPosition - 1) + ": " + describe(cause)
                + "; its checkpoint stays at " + checkpoint + ": fix the state store and start it again", cause);
    }

    /** The projection's subscription ended with an error of the log's, not the projection's. */
    public static ProjectionFailed atSource(String projection, long checkpoint, Throwable cause) {
        return new ProjectionFailed(projection, checkpoint, Optional.empty(), "projection " + projection
                + " lost its subscription at position " + checkpoint + ": " + describe(cause)
                + "; start it again once the log is open", cause);
    }

    /**
     * The checkpoint is beyond the log's head: the read model reflects events the log does not hold, so new events
     * would take positions it has already passed.
     */
    public static ProjectionFailed aheadOfLog(String projection, long checkpoint, long head) {
        return new ProjectionFailed(projection, checkpoint, Optional.empty(), "projection " + projection
                + " has its checkpoint at " + checkpoint + ", beyond the log's head " + head + ": its state store"
                + " does not belong to this log, or the log lost events (a repair that dropped some?); rebuild it",
                new IllegalStateException("checkpoint " + checkpoint + " > head " + head));
    }

    public String projection() {
        return projection;
    }

    /** Where the projection stopped: its checkpoint, and the failing event's position when an event failed. */
    public long position() {
        return position;
    }

    /** The type of the event that failed; empty when a commit or the log failed. */
    public Optional<EventType> eventType() {
        return eventType;
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
