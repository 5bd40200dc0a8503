package dev.chorus.core.decider;

import dev.chorus.core.AppendResult;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a command did.
 *
 * @param streamId the stream it went to
 * @param events   the events the decider returned and that were appended; empty when it changed nothing
 * @param state    the stream's state after them
 * @param version  the stream's version after them (unchanged when nothing was appended)
 * @param position the global position of the stream's last event after them, -1 for a stream without
 *                 events: a read model that has processed it has seen everything this command saw or wrote
 * @param appended where the events went in the global order; empty when nothing was appended
 * @param attempts how many tries it took: 1 plus the version conflicts retried
 * @param snapshot whether a snapshot was written after the append
 */
public record CommandResult<S, E>(String streamId, List<E> events, S state, long version, long position,
                                  Optional<AppendResult> appended, int attempts, SnapshotOutcome snapshot) {
    public CommandResult {
        Objects.requireNonNull(streamId, "streamId");
        events = List.copyOf(events);
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(appended, "appended");
        Objects.requireNonNull(snapshot, "snapshot");
    }

    /**
     * The global positions written, in order: a read model that has processed the last of them has seen this
     * command. Empty when nothing was appended.
     */
    public List<Long> positions() {
        return appended.map(AppendResult::positions).orElse(List.of());
    }

    /** Whether any event was appended. */
    public boolean changed() {
        return appended.isPresent();
    }
}
