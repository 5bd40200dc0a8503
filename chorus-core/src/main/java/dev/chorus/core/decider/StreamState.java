package dev.chorus.core.decider;

import dev.chorus.core.ExpectedVersion;
import java.util.Objects;

/**
 * A stream's state after folding its events up to a point.
 *
 * @param version  the version of the last event folded, {@link ExpectedVersion#NO_STREAM_VERSION} if none
 * @param position the global position of the last event folded, -1 if none
 */
public record StreamState<S>(String streamId, S state, long version, long position) {
    public StreamState {
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(state, "state");
    }

    /** Whether any event was folded. */
    public boolean exists() {
        return version != ExpectedVersion.NO_STREAM_VERSION;
    }

    /** What an append decided on this state expects of the stream. */
    public ExpectedVersion expectedVersion() {
        return exists() ? ExpectedVersion.exactly(version) : ExpectedVersion.noStream();
    }
}
