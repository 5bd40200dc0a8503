package dev.chorus.core.handler;

import dev.chorus.core.codec.EventCodec;
import dev.chorus.core.handler.internal.AnnotatedHandler;
import java.util.Objects;

/**
 * Everything a runner needs to run one handler: its name (which keys its checkpoint, state and dead
 * letters), the codec of the events it handles (events it cannot decode, by {@code canDecode}, are skipped), the handle
 * function, its {@link RetryPolicy}, its {@link OrderingMode}, and whether it records processed event ids
 * to apply a redelivered or duplicated event once ({@code deduplicates}; see {@link #idempotent()}).
 */
public record HandlerRegistration<E>(String name, EventCodec<E> codec, EventHandler<? super E> handler,
                                     RetryPolicy retry, OrderingMode ordering, boolean deduplicates) {
    public HandlerRegistration {
        HandlerNames.validate(name);
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(ordering, "ordering");
    }

    /** A handler with the default retry policy that continues past dead letters and keeps no processed ids. */
    public static <E> HandlerRegistration<E> of(String name, EventCodec<E> codec, EventHandler<? super E> handler) {
        return new HandlerRegistration<>(name, codec, handler, RetryPolicy.defaults(), OrderingMode.continuePast(),
                false);
    }

    /**
     * The {@link HandlesEvent} methods declared by {@code target}'s class, compiled to one handle function
     * that calls the method for the event's type (the most specific one when several match) and ignores
     * events no method takes. Only that class's own declared methods are read.
     *
     * @param eventType the type {@code codec} decodes to; every method's event parameter must be it or a subtype
     * @throws BadHandlerMethod a method has the wrong shape, two take the same type, or there are none
     */
    public static <E> HandlerRegistration<E> fromAnnotated(String name, Class<E> eventType, EventCodec<E> codec,
                                                           Object target) {
        return of(name, codec, AnnotatedHandler.compile(eventType, target));
    }

    public HandlerRegistration<E> withRetry(RetryPolicy policy) {
        return new HandlerRegistration<>(name, codec, handler, policy, ordering, deduplicates);
    }

    public HandlerRegistration<E> withOrdering(OrderingMode mode) {
        return new HandlerRegistration<>(name, codec, handler, retry, mode, deduplicates);
    }

    /** Records each handled event's id with the handler's state, and skips an event whose id it has seen. */
    public HandlerRegistration<E> idempotent() {
        return new HandlerRegistration<>(name, codec, handler, retry, ordering, true);
    }
}
