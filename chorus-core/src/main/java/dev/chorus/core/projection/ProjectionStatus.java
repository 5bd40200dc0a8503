package dev.chorus.core.projection;

/**
 * Where a projection stands. {@code checkpoint} is the next position it will apply: everything before it is in the
 * read model. {@code head} is the log's next position, read just after the checkpoint.
 */
public record ProjectionStatus(String projection, long checkpoint, long head, State state) {
    /** Events in the log that the read model does not reflect yet. */
    public long lag() {
        return Math.max(0, head - checkpoint);
    }

    public sealed interface State {}

    /** Not following the log (never started, or stopped). */
    public record Stopped() implements State {}

    /** Following the log: catching up, then live. */
    public record Running() implements State {}

    /** Replaying the log from position 0 into an emptied read model. */
    public record Rebuilding() implements State {}

    /** Stopped by an error; {@link ProjectionRunner#start} tries again from the checkpoint. */
    public record Failed(ProjectionFailed error) implements State {}

    public static final State STOPPED = new Stopped();
    public static final State RUNNING = new Running();
    public static final State REBUILDING = new Rebuilding();
}
