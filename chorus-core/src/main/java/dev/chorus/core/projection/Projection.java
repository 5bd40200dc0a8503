package dev.chorus.core.projection;

import dev.chorus.core.RecordedEvent;
import dev.chorus.core.codec.EventCodec;
import dev.chorus.core.projection.internal.DefinedProjection;

/**
 * Turns the facts of the global log into a read model. The runner decodes each event with {@link #codec()};
 * events of types the codec does not know are skipped (the checkpoint still moves past them).
 *
 * <p>{@link #apply} must be deterministic and keep its state in the read model, never in fields: a rebuild
 * replays every event into an empty read model and must arrive at the same rows, and after a crash the events
 * since the last commit are applied again to the read model as it was committed.
 */
public interface Projection<E> {
    /**
     * Stable name: the read model lives under {@code projection/<name>/} and the checkpoint under
     * {@code checkpoint/projection/<name>}. 1 to 100 characters, a letter first, then letters, digits,
     * {@code .}, {@code _} or {@code -}. Renaming a projection starts a new one from position 0.
     */
    String name();

    EventCodec<E> codec();

    /**
     * Applies one event to the read model. Reads see the writes of earlier events of the same batch. An exception
     * stops the projection with {@link ProjectionFailed}: the writes of this event are dropped, those of earlier
     * events are committed, and the checkpoint stays at this event, so a restart applies it again.
     */
    void apply(E event, RecordedEvent source, ReadModel model) throws Exception;

    /** The body of a projection made with {@link #of}. */
    @FunctionalInterface
    interface Apply<E> {
        void apply(E event, RecordedEvent source, ReadModel model) throws Exception;
    }

    /** A projection from a name, a codec and a function: {@code Projection.of("orders", codec, (e, src, model) -> ...)}. */
    static <E> Projection<E> of(String name, EventCodec<E> codec, Apply<E> apply) {
        return new DefinedProjection<>(name, codec, apply);
    }
}
