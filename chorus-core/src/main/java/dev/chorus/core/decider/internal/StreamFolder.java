package dev.chorus.core.decider.internal;

import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.ReadDirection;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.StreamReader;
import dev.chorus.core.codec.EventCodec;
import dev.chorus.core.decider.Decider;
import dev.chorus.core.decider.StreamState;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Folds a stream's events into a decider's state, page by page, from the start or from a snapshot that the
 * stream proves to be its own.
 */
public final class StreamFolder<S, E> {
    /** Events per read. Most streams are shorter, so most loads are one read. */
    static final int PAGE = 256;

    private final StreamReader reader;
    private final Decider<?, S, E> decider;
    private final EventCodec<E> codec;
    private final Optional<Snapshots<S>> snapshots;

    public StreamFolder(StreamReader reader, Decider<?, S, E> decider, EventCodec<E> codec,
                        Optional<Snapshots<S>> snapshots) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.decider = Objects.requireNonNull(decider, "decider");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
    }

    public StreamState<S> initial(String streamId) {
        return new StreamState<>(streamId, Objects.requireNonNull(decider.initialState(),
                "the decider's initialState returned null"), ExpectedVersion.NO_STREAM_VERSION, -1);
    }

    /** The current state: from the snapshot if the stream still holds the event it was taken at, else from the start. */
    public StreamState<S> current(String streamId) {
        if (snapshots.isPresent()) {
            var snapshot = snapshots.get().load(streamId);
            if (snapshot.isPresent()) {
                var from = snapshot.get();
                // Read the snapshot's own last event too: if the stream does not hold it at that position, the
                // snapshot belongs to another history (a log restored without its state store) and is ignored.
                var page = reader.readStream(streamId, ReadDirection.FORWARD, from.version(), PAGE);
                if (!page.isEmpty() && page.getFirst().version() == from.version()
                        && page.getFirst().position() == from.position()) {
                    return fold(from, page.subList(1, page.size()), page.size() == PAGE, event -> true);
                }
            }
        }
        return foldFrom(initial(streamId), event -> true);
    }

    /** {@code start} and then the stream's events after it, while {@code include} holds for them. */
    public StreamState<S> foldFrom(StreamState<S> start, Predicate<RecordedEvent> include) {
        var page = reader.readStream(start.streamId(), ReadDirection.FORWARD, start.version() + 1, PAGE);
        return fold(start, page, page.size() == PAGE, include);
    }

    private StreamState<S> fold(StreamState<S> start, List<RecordedEvent> firstPage, boolean more,
                                Predicate<RecordedEvent> include) {
        S state = start.state();
        long version = start.version();
        long position = start.position();
        List<RecordedEvent> page = firstPage;
        while (true) {
            for (RecordedEvent recorded : page) {
                if (!include.test(recorded)) {
                    return new StreamState<>(start.streamId(), state, version, position);
                }
                E event = Objects.requireNonNull(codec.decode(recorded), "the codec decoded an event to null");
                state = Objects.requireNonNull(decider.evolve(state, event), "the decider's evolve returned null");
                version = recorded.version();
                position = recorded.position();
            }
            if (!more) {
                return new StreamState<>(start.streamId(), state, version, position);
            }
            page = reader.readStream(start.streamId(), ReadDirection.FORWARD, version + 1, PAGE);
            more = page.size() == PAGE;
        }
    }
}
