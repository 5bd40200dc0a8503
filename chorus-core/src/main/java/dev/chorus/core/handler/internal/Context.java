package dev.chorus.core.handler.internal;

import dev.chorus.core.AppendResult;
import dev.chorus.core.EventAppender;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.Metadata;
import dev.chorus.core.NewEvent;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.context.MessageContext;
import dev.chorus.core.handler.HandlerContext;
import dev.chorus.core.handler.HandlerState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** One attempt at one event. */
final class Context implements HandlerContext {
    private final String handler;
    private final RecordedEvent event;
    private final int attempt;
    private final EventAppender appender;
    private final TransactionalState state;
    private final Clock clock;
    private final MessageContext message;
    private final boolean queues;
    private final List<CompletableFuture<?>> awaited = new ArrayList<>();
    private int appended;

    Context(String handler, RecordedEvent event, int attempt, EventAppender appender, TransactionalState state,
            Clock clock, boolean queues) {
        this.queues = queues;
        this.handler = handler;
        this.event = event;
        this.attempt = attempt;
        this.appender = appender;
        this.state = state;
        this.clock = clock;
        this.message = MessageContext.causedBy(event);
    }

    @Override
    public RecordedEvent event() {
        return event;
    }

    @Override
    public String handlerName() {
        return handler;
    }

    @Override
    public int attempt() {
        return attempt;
    }

    @Override
    public MessageContext messageContext() {
        return message;
    }

    @Override
    public HandlerState state() {
        return state;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public boolean queuesAppends() {
        return queues;
    }

    @Override
    public void awaitBeforeCommit(CompletableFuture<?> durable) {
        if (!queues) {
            throw new IllegalStateException("handler " + handler + " cannot leave an append to its runner now ("
                    + "an operator's retry, a release, or a batch handed again); check queuesAppends() first");
        }
        awaited.add(Objects.requireNonNull(durable, "durable"));
    }

    /** The appends this attempt left for the runner to await. */
    List<CompletableFuture<?>> awaited() {
        return awaited;
    }

    @Override
    public AppendResult append(String streamId, ExpectedVersion expected, List<NewEvent> events) {
        var stamped = new ArrayList<NewEvent>(events.size());
        for (NewEvent next : events) {
            var metadata = new HashMap<>(next.metadata());
            // The conversation is the handled event's, whatever the caller put there.
            metadata.putAll(message.metadata());
            metadata.putIfAbsent(Metadata.EVENT_ID, DerivedEventIds.derive(handler, event, appended++));
            stamped.add(new NewEvent(next.type(), next.data(), metadata));
        }
        return appender.append(streamId, expected, stamped);
    }

    TransactionalState transactionalState() {
        return state;
    }
}
