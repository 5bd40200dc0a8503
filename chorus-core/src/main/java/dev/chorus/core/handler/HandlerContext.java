package dev.chorus.core.handler;

import dev.chorus.core.AppendResult;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.codec.EventCodec;
import dev.chorus.core.context.MessageContext;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What a handler gets beside the event, passed explicitly: the stored event, the attempt number, its own
 * transactional state, the clock, and an {@code append} that makes whatever it writes part of the same
 * conversation (correlation id inherited, causation id = the handled event's id).
 *
 * <p>Events appended here are written at once, not with the state commit, so a redelivery (after a
 * failed attempt or a crash) appends them again. They carry stable ids derived from the handler's name,
 * the handled event's id and their order, so the copies share an id and an idempotent subscriber
 * downstream applies them once.
 */
public interface HandlerContext {
    /** The event being handled, as stored. */
    RecordedEvent event();

    String handlerName();

    /** 1 for the first attempt, counting up on each retry of this delivery. */
    int attempt();

    /** The context of what this handler writes: {@link MessageContext#causedBy} the handled event. */
    MessageContext messageContext();

    HandlerState state();

    Clock clock();

    /**
     * Whether a command run for this event may queue its append and leave the wait to the runner
     * ({@link #awaitBeforeCommit}). False where the runner commits this event on its own (an operator's retry,
     * a parked stream's release), and while it hands a batch again after one of its queued appends failed.
     */
    boolean queuesAppends();

    /**
     * The runner waits for {@code durable} before its checkpoint passes this event. If it completes
     * exceptionally, the runner hands the events of the batch it has not committed to the handler again, one by
     * one with nothing queued: at least once, as after a crash.
     *
     * @throws IllegalStateException when {@link #queuesAppends()} is false
     */
    void awaitBeforeCommit(CompletableFuture<?> durable);

    /**
     * Appends {@code events} with this context's correlation, causation and traceparent, and stable event ids
     * (unless an event carries its own).
     */
    AppendResult append(String streamId, ExpectedVersion expected, List<NewEvent> events);

    default AppendResult append(String streamId, ExpectedVersion expected, NewEvent... events) {
        return append(streamId, expected, List.of(events));
    }

    /** Encodes {@code events} with {@code codec}, then appends them as {@link #append(String, ExpectedVersion, List)}. */
    default <T> AppendResult append(String streamId, ExpectedVersion expected, EventCodec<T> codec,
                                    List<? extends T> events) {
        return append(streamId, expected, events.stream().map(event -> {
            var encoded = codec.encode(event);
            return NewEvent.of(encoded.type(), encoded.data());
        }).toList());
    }
}
