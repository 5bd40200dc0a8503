package dev.chorus.core.decider;

import dev.chorus.core.StreamReader;
import dev.chorus.core.ValidationError;
import dev.chorus.core.decider.internal.StreamFolder;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A decider stream's state as it was: after the events up to a global position, or up to an instant. Both
 * bounds are inclusive, so the position an append returned (or a read model's last processed position)
 * and the recorded-at time of an event both show the state with that event in it.
 *
 * <p>Always folds from the stream's first event: snapshots hold only the latest state. For audits,
 * debugging and "what did we know then", not for the hot path.
 */
public final class TimeTravel<S, E> {
    private final StreamFolder<S, E> folder;

    private TimeTravel(StreamReader reader, DeciderBinding<?, S, E> binding) {
        this.folder = new StreamFolder<>(Objects.requireNonNull(reader, "reader"), binding.decider(), binding.codec(),
                Optional.empty());
    }

    public static <S, E> TimeTravel<S, E> over(StreamReader reader, DeciderBinding<?, S, E> binding) {
        return new TimeTravel<>(reader, Objects.requireNonNull(binding, "binding"));
    }

    /** The state after every event of the stream whose global position is {@code position} or lower. */
    public StreamState<S> stateAt(String streamId, long position) {
        Objects.requireNonNull(streamId, "streamId");
        if (position < 0) {
            throw new ValidationError("position", "global positions start at 0; got " + position
                    + " (the state before any event is the decider's initial state)");
        }
        // A stream's positions rise with its versions, so the first event past the bound ends the fold.
        return folder.foldFrom(folder.initial(streamId), event -> event.position() <= position);
    }

    /**
     * The state after the stream's events recorded at or before {@code instant}. The fold stops at the first
     * event recorded after it: should a clock have stepped back, a later event that claims an earlier time is
     * not folded in past one it came after.
     */
    public StreamState<S> stateAt(String streamId, Instant instant) {
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(instant, "instant");
        return folder.foldFrom(folder.initial(streamId), event -> !event.recordedAt().isAfter(instant));
    }
}
