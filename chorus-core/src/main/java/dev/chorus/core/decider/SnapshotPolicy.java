package dev.chorus.core.decider;

import dev.chorus.core.ValidationError;
import dev.chorus.core.codec.Codec;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * When and how a decider's state is snapshotted. A snapshot is written to a
 * {@link dev.chorus.core.state.StateStore} beside the log (never into the log: it is not a fact) under
 * {@code snapshot/<name>/<streamId>}, after an append takes the stream across a multiple of {@code every}
 * events. Loading starts from it and folds only the events after it.
 *
 * @param name         names the state's shape family in the key, so two deciders over one stream keep apart
 * @param every        take a snapshot each time the stream's event count crosses a multiple of this
 * @param codec        turns the state into bytes and back
 * @param shapeVersion raise it whenever the state's shape (or the codec's format) changes: a snapshot of
 *                     another shape version is ignored, and the state is folded from the events instead
 */
public record SnapshotPolicy<S>(String name, int every, Codec<S> codec, int shapeVersion) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\-]{0,63}");

    public SnapshotPolicy {
        Objects.requireNonNull(codec, "codec");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ValidationError("name", "a snapshot name is 1 to 64 letters, digits, '.', '_' or '-', starting"
                    + " with a letter or digit; got " + (name == null ? "null" : "'" + name + "'"));
        }
        if (every < 1) {
            throw new ValidationError("every", "snapshots are taken every 1 or more events; got " + every);
        }
        if (shapeVersion < 1) {
            throw new ValidationError("shapeVersion", "a state shape version starts at 1; got " + shapeVersion);
        }
    }

    public static <S> SnapshotPolicy<S> every(String name, int events, Codec<S> codec, int shapeVersion) {
        return new SnapshotPolicy<>(name, events, codec, shapeVersion);
    }

    /** Whether an append that took the stream from {@code before} to {@code after} events crossed a multiple. */
    public boolean isDue(long eventsBefore, long eventsAfter) {
        return eventsBefore / every != eventsAfter / every;
    }
}
