package dev.chorus.core.decider;

import java.util.Map;

/**
 * The decider answered a command with events, but the stream's state is terminal
 * ({@link Decider#isTerminal}), or became terminal before its last new event: nothing was written. Its
 * life is over; start a new stream, or let {@code decide} answer with no events.
 */
public final class StreamTerminated extends CommandRejected {
    private final String streamId;
    private final long version;

    public StreamTerminated(String streamId, long version) {
        super("stream-terminated", "stream " + streamId + " reached a terminal state at version " + version
                        + " and takes no more events; nothing was written",
                Map.of("streamId", streamId, "version", Long.toString(version)));
        this.streamId = streamId;
        this.version = version;
    }

    public String streamId() {
        return streamId;
    }

    /** The stream's version when its state was terminal, counting the command's own events before it. */
    public long version() {
        return version;
    }
}
