package dev.chorus.core.saga;

import dev.chorus.core.codec.Codec;
import dev.chorus.core.codec.EventCodec;
import dev.chorus.core.handler.HandlerNames;
import java.util.Objects;

/**
 * A saga bound to the world: how stored events become its events (facts the codec does not know are
 * skipped) and how it publishes them, how its state is stored, and where its commands go. The saga itself
 * stays free of all three.
 */
public record SagaBinding<S, E, C>(Saga<S, E, C> saga, EventCodec<E> events, Codec<S> state,
                                   CommandDispatcher<C> commands) {
    public SagaBinding {
        Objects.requireNonNull(saga, "saga");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(commands, "commands");
        HandlerNames.validate(saga.name());
    }

    public static <S, E, C> SagaBinding<S, E, C> of(Saga<S, E, C> saga, EventCodec<E> events, Codec<S> state,
                                                    CommandDispatcher<C> commands) {
        return new SagaBinding<>(saga, events, state, commands);
    }

    public String name() {
        return saga.name();
    }
}
