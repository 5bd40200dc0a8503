package dev.chorus.core.projection.internal;

import dev.chorus.core.RecordedEvent;
import dev.chorus.core.codec.EventCodec;
import dev.chorus.core.projection.Projection;
import dev.chorus.core.projection.ReadModel;
import java.util.Objects;

/** What {@link Projection#of} makes. */
public record DefinedProjection<E>(String name, EventCodec<E> codec, Projection.Apply<E> body)
        implements Projection<E> {
    public DefinedProjection {
        ProjectionNames.validate(name);
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(body, "body");
    }

    @Override
    public void apply(E event, RecordedEvent source, ReadModel model) throws Exception {
        body.apply(event, source, model);
    }

    @Override
    public String toString() {
        return "Projection[" + name + "]";
    }
}
