package dev.chorus.core.saga.internal;

import dev.chorus.core.EventAppender;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.Metadata;
import dev.chorus.core.NewEvent;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.context.MessageContext;
import dev.chorus.core.saga.CommandContext;
import dev.chorus.core.saga.PendingTimeout;
import dev.chorus.core.saga.Saga;
import dev.chorus.core.saga.SagaBinding;
import dev.chorus.core.saga.SagaEffect;
import dev.chorus.core.state.StateStore;
import dev.chorus.core.state.StateWrite;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One attempt at one fact: load the instance, evolve and react (or answer a fired timeout), turn the timeout
 * effects into state writes, then execute the commands and publishes in order. The writes are returned, not
 * committed, so the caller commits them with its checkpoint or dead-letter bookkeeping in one go.
 */
final class StepExecutor<S, E, C> {
    private final Saga<S, E, C> saga;
    private final SagaBinding<S, E, C> binding;
    private final EventAppender appender;
    private final StateStore state;
    private final SagaKeys keys;

    StepExecutor(SagaBinding<S, E, C> binding, EventAppender appender, StateStore state, SagaKeys keys) {
        this.saga = binding.saga();
        this.binding = binding;
        this.appender = appender;
        this.state = state;
        this.keys = keys;
    }

    /**
     * What the step writes; nothing for a stale timeout (cancelled, rescheduled or already handled), which
     * is then only passed by.
     */
    List<StateWrite> attempt(RecordedEvent fact, boolean firedTimeout, Delivery delivery) throws Exception {
        String correlationId = fact.correlationId();
        var book = new TimeoutBook(state, keys, correlationId);
        Optional<S> stored = state.get(keys.state(correlationId)).map(binding.state()::decode);
        S current;
        List<SagaEffect<E, C>> effects;
        Instant trigger;
        if (firedTimeout) {
            var fired = TimeoutCodec.decode(fact.data());
            var pending = book.current(fired.name());
            if (stored.isEmpty() || pending.isEmpty() || !pending.get().timeoutId().equals(fired.timeoutId())) {
                return List.of();
            }
            book.cancel(fired.name());
            current = stored.get();
            effects = saga.onTimeout(current, fired.name());
            // A timeout scheduled "after" a timeout counts from when the first was due, not when it was noticed.
            trigger = fired.dueAt();
        } else {
            E event = binding.events().decode(fact);
            S before = stored.orElseGet(saga::initialState);
            current = Objects.requireNonNull(saga.evolve(before, event), () -> saga.name() + ".evolve returned null");
            effects = saga.react(before, event);
            trigger = fact.recordedAt();
        }
        effects = List.copyOf(Objects.requireNonNull(effects, () -> saga.name() + " returned null effects"));
        for (int i = 0; i < effects.size(); i++) {
            switch (effects.get(i)) {
                case SagaEffect.ScheduleTimeout<E, C> schedule -> book.schedule(new PendingTimeout(correlationId,
                        schedule.name(), causeId(fact) + ":" + i, schedule.due().resolve(trigger), fact.eventId(),
                        fact.traceparent()));
                case SagaEffect.CancelTimeout<E, C> cancel -> book.cancel(cancel.name());
                case SagaEffect.IssueCommand<E, C> command -> { }
                case SagaEffect.Publish<E, C> publish -> { }
            }
        }
        var writes = new ArrayList<StateWrite>();
        if (stored.isEmpty() && effects.isEmpty() && !saga.isComplete(current)
                && current.equals(saga.initialState())) {
            return writes; // a fact that starts nothing leaves no state behind for its correlation id
        }
        if (saga.isComplete(current)) {
            book.cancelAll();
            writes.addAll(book.writes());
            writes.add(StateWrite.delete(keys.state(correlationId)));
            writes.add(StateWrite.put(keys.done(correlationId), new byte[0]));
        } else {
            writes.addAll(book.writes());
            if (!firedTimeout) {
                writes.add(StateWrite.put(keys.state(correlationId), binding.state().encode(current)));
            }
        }
        // Last: a step whose bookkeeping cannot even be computed must not have sent anything out.
        delivery.execute(effects, fact);
        return writes;
    }

    static String causeId(RecordedEvent fact) {
        return fact.eventId().isEmpty() ? "position-" + fact.position() : fact.eventId();
    }

    /**
     * One fact's delivery to the saga, over its attempts in this process. Remembers how many external effects
     * went out, so a retry after a failed command does not send the ones before it again (react is pure:
     * the same fact in the same state reacts the same; if it does not, everything is sent again).
     */
    final class Delivery {
        private List<SagaEffect<E, C>> sent = List.of();
        private int done;

        private void execute(List<SagaEffect<E, C>> effects, RecordedEvent fact) throws Exception {
            if (!effects.equals(sent)) {
                sent = effects;
                done = 0;
            }
            var context = MessageContext.causedBy(fact);
            for (int i = done; i < effects.size(); i++) {
                switch (effects.get(i)) {
                    case SagaEffect.IssueCommand<E, C> issue -> binding.commands().dispatch(issue.command(),
                            new CommandContext(DerivedIds.derive(fact.recordedAt(), "command", saga.name(),
                                    causeId(fact), Integer.toString(i)), context));
                    case SagaEffect.Publish<E, C> publish -> {
                        var encoded = binding.events().encode(publish.event());
                        var metadata = new HashMap<>(context.metadata());
                        metadata.put(Metadata.EVENT_ID, DerivedIds.derive(fact.recordedAt(), "publish", saga.name(),
                                causeId(fact), Integer.toString(i)));
                        appender.append(publish.streamId(), ExpectedVersion.any(),
                                List.of(new NewEvent(encoded.type(), encoded.data(), metadata)));
                    }
                    case SagaEffect.ScheduleTimeout<E, C> schedule -> { }
                    case SagaEffect.CancelTimeout<E, C> cancel -> { }
                }
                done = i + 1;
            }
        }
    }
}
