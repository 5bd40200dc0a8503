package dev.chorus.testkit.saga;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.saga.Saga;
import dev.chorus.core.saga.SagaEffect;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A saga's behaviour as a sentence, for one conversation and with values alone:
 *
 * <pre>{@code
 * SagaSpec.of(new OrderFulfilment())
 *         .given(new OrderPlaced("o-1", ...), new StockReserved("o-1"))
 *         .when(new PaymentFailed("o-1", "card declined"))
 *         .then(SagaEffect.issue(new ReleaseStock("o-1")), SagaEffect.issue(new CancelOrder("o-1", "payment failed")),
 *               SagaEffect.cancel("payment"))
 *         .thenState(new Fulfilment.Compensating("o-1"));
 *
 * SagaSpec.of(new OrderFulfilment())
 *         .given(new OrderPlaced("o-1", ...))
 *         .whenTimeout("payment")
 *         .then(SagaEffect.issue(new CancelOrder("o-1", "payment timed out")));
 * }</pre>
 *
 * <p>It follows the runner's rules: {@code react} sees the state before the fact; the given facts'
 * effects are not checked, but the timeouts they schedule and cancel are kept, so that {@link
 * Given#whenTimeout} can only fire a timeout that is really pending; a timeout does not change the state;
 * once {@code isComplete} holds, later facts are ignored and the pending timeouts are gone. Every fact is
 * recorded at {@link #recordedAt} (default {@link #START}), which is what a {@code Due.after} counts from;
 * a fired timeout's own effects count from its due instant.
 */
public final class SagaSpec<S, E, C> {
    public static final Instant START = Instant.parse("2026-01-15T09:30:00Z");

    private final Saga<S, E, C> saga;
    private final Instant recordedAt;

    private SagaSpec(Saga<S, E, C> saga, Instant recordedAt) {
        this.saga = Objects.requireNonNull(saga, "saga");
        this.recordedAt = Objects.requireNonNull(recordedAt, "recordedAt");
    }

    public static <S, E, C> SagaSpec<S, E, C> of(Saga<S, E, C> saga) {
        return new SagaSpec<>(saga, START);
    }

    /** The same spec with every fact recorded at {@code instant}. */
    public SagaSpec<S, E, C> recordedAt(Instant instant) {
        return new SagaSpec<>(saga, instant);
    }

    /** The conversation so far: these facts, in order (none for a fresh instance). */
    @SafeVarargs
    public final Given given(E... events) {
        return given(Arrays.asList(events));
    }

    public Given given(List<? extends E> events) {
        var instance = new Instance(saga.initialState());
        for (E event : events) {
            instance.apply(event);
        }
        return new Given(instance);
    }

    /** A timeout as the spec tracks it: its name and when it comes due. */
    public record Timeout(String name, Instant dueAt) {}

    /** One conversation's state and pending timeouts, under the runner's rules. */
    private final class Instance {
        private S state;
        private boolean complete;
        private final Map<String, Instant> timeouts = new LinkedHashMap<>();

        private Instance(S state) {
            this.state = state;
        }

        private Instance(Instance other) {
            this.state = other.state;
            this.complete = other.complete;
            this.timeouts.putAll(other.timeouts);
        }

        List<SagaEffect<E, C>> apply(E event) {
            Objects.requireNonNull(event, "event");
            if (complete) {
                return List.of();
            }
            var effects = saga.react(state, event);
            state = Objects.requireNonNull(saga.evolve(state, event), "evolve returned null");
            return settle(effects, recordedAt);
        }

        List<SagaEffect<E, C>> fire(String name) {
            Instant dueAt = timeouts.remove(name);
            return settle(saga.onTimeout(state, name), Objects.requireNonNull(dueAt));
        }

        private List<SagaEffect<E, C>> settle(List<SagaEffect<E, C>> effects, Instant trigger) {
            var all = List.copyOf(Objects.requireNonNull(effects, "the saga returned null effects"));
            for (var effect : all) {
                switch (effect) {
                    case SagaEffect.ScheduleTimeout<E, C> schedule ->
                            timeouts.put(schedule.name(), schedule.due().resolve(trigger));
                    case SagaEffect.CancelTimeout<E, C> cancel -> timeouts.remove(cancel.name());
                    case SagaEffect.IssueCommand<E, C> command -> { }
                    case SagaEffect.Publish<E, C> publish -> { }
                }
            }
            if (saga.isComplete(state)) {
                complete = true;
                timeouts.clear();
            }
            return all;
        }
    }

    /** The conversation after the given facts. */
    public final class Given {
        private final Instance instance;

        private Given(Instance instance) {
            this.instance = instance;
        }

        /** The saga handles one more fact. */
        public Then when(E event) {
            var next = new Instance(instance);
            try {
                return new Then(next, next.apply(event), null);
            } catch (RuntimeException e) {
                return new Then(next, List.of(), e);
            }
        }

        /**
         * The pending timeout {@code name} comes due.
         *
         * @throws AssertionError when the given facts did not leave that timeout pending
         */
        public Then whenTimeout(String name) {
            assertThat(instance.timeouts).as("timeout '%s' should be pending after the given facts; pending: %s",
                    name, instance.timeouts).containsKey(name);
            var next = new Instance(instance);
            try {
                return new Then(next, next.fire(name), null);
            } catch (RuntimeException e) {
                return new Then(next, List.of(), e);
            }
        }

        /** The state after the given facts, for specs that only need that. */
        public S state() {
            return instance.state;
        }

        public List<Timeout> pendingTimeouts() {
            return instance.timeouts.entrySet().stream().map(e -> new Timeout(e.getKey(), e.getValue())).toList();
        }
    }

    /** What the step did: its effects, the state after it, the timeouts left pending. */
    public final class Then {
        private final Instance instance;
        private final List<SagaEffect<E, C>> effects;
        private final @Nullable RuntimeException failure;

        private Then(Instance instance, List<SagaEffect<E, C>> effects, @Nullable RuntimeException failure) {
            this.instance = instance;
            this.effects = effects;
            this.failure = failure;
        }

        /** Exactly these effects, in this order. */
        @SafeVarargs
        public final Then then(SagaEffect<E, C>... expected) {
            succeeded();
            // Copied element by element: handing the generic array itself on is what could pollute the heap.
            var wanted = new ArrayList<SagaEffect<E, C>>(expected.length);
            for (var effect : expected) {
                wanted.add(effect);
            }
            assertThat(effects).as("the saga's effects").containsExactlyElementsOf(wanted);
            return this;
        }

        /** No effect at all. */
        public Then thenNothing() {
            succeeded();
            assertThat(effects).as("the saga's effects").isEmpty();
            return this;
        }

        public Then thenEffects(Consumer<? super List<SagaEffect<E, C>>> check) {
            succeeded();
            check.accept(effects);
            return this;
        }

        public Then thenState(S expected) {
            succeeded();
            assertThat(instance.state).as("the saga's state").isEqualTo(expected);
            return this;
        }

        public Then thenState(Consumer<? super S> check) {
            succeeded();
            check.accept(instance.state);
            return this;
        }

        /** The conversation is over for the saga: the runner drops its state and timeouts. */
        public Then thenComplete() {
            succeeded();
            assertThat(instance.complete).as("the saga should be complete in state %s", instance.state).isTrue();
            return this;
        }

        public Then thenNotComplete() {
            succeeded();
            assertThat(instance.complete).as("the saga should not be complete in state %s", instance.state).isFalse();
            return this;
        }

        /** Exactly these timeouts are pending after the step, in any order. */
        public Then thenPendingTimeouts(String... names) {
            succeeded();
            assertThat(instance.timeouts.keySet()).as("the pending timeouts").containsExactlyInAnyOrder(names);
            return this;
        }

        /** The timeout {@code name} is pending and comes due at {@code dueAt}. */
        public Then thenTimeoutDue(String name, Instant dueAt) {
            succeeded();
            assertThat(Optional.ofNullable(instance.timeouts.get(name))).as("when timeout '%s' comes due", name)
                    .contains(dueAt);
            return this;
        }

        /** The step threw an exception of this type (the runner retries it, then dead-letters the fact). */
        public Then thenThrows(Class<? extends Throwable> type) {
            assertThat(failure).as("the step should have thrown").isInstanceOf(type);
            return this;
        }

        public List<SagaEffect<E, C>> effects() {
            succeeded();
            return effects;
        }

        public S state() {
            succeeded();
            return instance.state;
        }

        private void succeeded() {
            if (failure != null) {
                throw new AssertionError("the saga's step threw " + failure, failure);
            }
        }
    }
}
