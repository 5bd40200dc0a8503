package dev.chorus.testkit.decider;

import dev.chorus.core.EventType;
import dev.chorus.core.Metadata;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.codec.EncodedEvent;
import dev.chorus.core.codec.EventCodec;
import dev.chorus.core.decider.Decider;
import dev.chorus.core.decider.StreamTerminated;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A decider's rules as sentences: given these past events, when this command, then these new events (or
 * this rejection). Runs the decider exactly as the command loop does, with no store: folds the given events
 * from the initial state, decides, and evolves the new events, refusing any after a terminal state with
 * {@link StreamTerminated} as the loop would.
 *
 * <pre>{@code
 * var account = DeciderSpec.of(new AccountDecider());
 * account.given(new Opened("a1", "Ada"), new Deposited(50))
 *        .when(new Withdraw("a1", 80))
 *        .thenThrows(InsufficientFunds.class, e -> assertThat(e.balance()).isEqualTo(50));
 * }</pre>
 *
 * <p>It also checks what a reader cannot see: that {@code decide} is a pure function (asked twice, it answers
 * the same), and, with {@link #withCodec}, that every given and decided event reads back equal from its bytes.
 */
public final class DeciderSpec<C, S, E> {
    private final Decider<C, S, E> decider;
    private final Optional<EventCodec<E>> codec;

    private DeciderSpec(Decider<C, S, E> decider, Optional<EventCodec<E>> codec) {
        this.decider = Objects.requireNonNull(decider, "decider");
        this.codec = codec;
    }

    public static <C, S, E> DeciderSpec<C, S, E> of(Decider<C, S, E> decider) {
        return new DeciderSpec<>(decider, Optional.empty());
    }

    /** The same spec, which also round-trips every given and decided event through {@code codec}. */
    public DeciderSpec<C, S, E> withCodec(EventCodec<E> codec) {
        return new DeciderSpec<>(decider, Optional.of(Objects.requireNonNull(codec, "codec")));
    }

    @SafeVarargs
    public final Given given(E... events) {
        // Element by element: handing the array itself on is what javac warns could pollute the heap.
        var list = new ArrayList<E>(events.length);
        for (E event : events) {
            list.add(event);
        }
        return given(list);
    }

    public Given given(List<? extends E> events) {
        Objects.requireNonNull(events, "events");
        return new Given(List.copyOf(events));
    }

    /** The stream's past. */
    public final class Given {
        private final List<E> history;

        private Given(List<E> history) {
            this.history = history;
        }

        public When when(C command) {
            return new When(history, Objects.requireNonNull(command, "command"));
        }

        /** The state the given events fold to. */
        public S state() {
            history.forEach(DeciderSpec.this::roundTrip);
            return fold(decider.initialState(), history);
        }

        /** Asserts the state the given events fold to. */
        public void thenState(S expected) {
            assertEqual("the state after " + history, expected, state());
        }
    }

    /** The past and the command. Nothing runs until a {@code then}. */
    public final class When {
        private final List<E> history;
        private final C command;

        private When(List<E> history, C command) {
            this.history = history;
            this.command = command;
        }

        /** Asserts the command is accepted with exactly these new events, in this order. */
        @SafeVarargs
        public final void then(E... expected) {
            var list = new ArrayList<E>(expected.length);
            for (E event : expected) {
                list.add(event);
            }
            then(list);
        }

        public void then(List<? extends E> expected) {
            var outcome = run();
            if (outcome.failure != null) {
                throw new AssertionError(sentence() + "\nexpected events: " + expected + "\nbut it threw: "
                        + outcome.failure, outcome.failure);
            }
            assertEqual(sentence() + "\nthe new events", List.copyOf(expected), outcome.events);
        }

        /** Asserts the command is accepted and changes nothing: no new events. */
        public void thenNothing() {
            then(List.of());
        }

        /** Asserts the command is accepted and the stream's state after its events equals {@code expected}. */
        public void thenState(S expected) {
            var outcome = run();
            if (outcome.failure != null) {
                throw new AssertionError(sentence() + "\nexpected state: " + expected + "\nbut it threw: "
                        + outcome.failure, outcome.failure);
            }
            assertEqual(sentence() + "\nthe state after " + outcome.events, expected, outcome.state);
        }

        /** Asserts the command is refused with {@code type} (or a subtype) and returns it for further checks. */
        public <X extends Throwable> X thenThrows(Class<X> type) {
            Objects.requireNonNull(type, "type");
            var outcome = run();
            if (outcome.failure == null) {
                throw new AssertionError(sentence() + "\nexpected it to throw " + type.getName()
                        + "\nbut it was accepted with events " + outcome.events);
            }
            if (!type.isInstance(outcome.failure)) {
                throw new AssertionError(sentence() + "\nexpected it to throw " + type.getName() + "\nbut it threw "
                        + outcome.failure, outcome.failure);
            }
            return type.cast(outcome.failure);
        }

        /** Asserts the command is refused with {@code type} and hands the error to {@code checks}. */
        public <X extends Throwable> void thenThrows(Class<X> type, Consumer<? super X> checks) {
            Objects.requireNonNull(checks, "checks").accept(thenThrows(type));
        }

        private Outcome<S, E> run() {
            history.forEach(DeciderSpec.this::roundTrip);
            S state = fold(decider.initialState(), history);
            var first = decideOnce(state);
            var second = decideOnce(state);
            if (!sameOutcome(first, second)) {
                throw new AssertionError(sentence() + "\ndecide is not a pure function: asked twice in the same"
                        + " state it answered " + first.describe() + ", then " + second.describe()
                        + ". Pass what it needs (a time, an id) in the command instead.");
            }
            if (first.failure == null) {
                first.events.forEach(DeciderSpec.this::roundTrip);
            }
            return first;
        }

        private Outcome<S, E> decideOnce(S state) {
            List<E> events;
            try {
                events = Objects.requireNonNull(decider.decide(command, state),
                        "decide returned null; return List.of() when a command changes nothing");
            } catch (RuntimeException e) {
                return new Outcome<>(List.of(), state, e);
            }
            // As the command loop does: no event goes after a terminal state, not even one of this command's own.
            S after = state;
            long version = history.size() - 1L;
            for (E event : events) {
                if (decider.isTerminal(after)) {
                    return new Outcome<>(List.copyOf(events), after, new StreamTerminated("(spec)", version));
                }
                after = Objects.requireNonNull(decider.evolve(after, Objects.requireNonNull(event,
                        "decide returned a null event")), "evolve returned null");
                version++;
            }
            return new Outcome<>(List.copyOf(events), after, null);
        }

        private String sentence() {
            return "given " + history + "\nwhen " + command;
        }
    }

    private record Outcome<S, E>(List<E> events, S state, @Nullable Throwable failure) {
        String describe() {
            return failure == null ? "events " + events : "an error " + failure;
        }
    }

    private static boolean sameOutcome(Outcome<?, ?> a, Outcome<?, ?> b) {
        if (a.failure != null || b.failure != null) {
            return a.failure != null && b.failure != null && a.failure.getClass() == b.failure.getClass()
                    && Objects.equals(a.failure.getMessage(), b.failure.getMessage());
        }
        return a.events.equals(b.events);
    }

    private S fold(S initial, List<E> events) {
        return decider.fold(Objects.requireNonNull(initial, "initialState returned null"), events);
    }

    private void roundTrip(E event) {
        if (codec.isEmpty()) {
            return;
        }
        EncodedEvent encoded = codec.get().encode(event);
        EventType type = encoded.type();
        if (!codec.get().knows(type.name())) {
            throw new AssertionError("the codec encodes " + event + " as " + type + " but does not know that name");
        }
        var stored = new RecordedEvent(0, "spec", 0, type, encoded.data(), Map.of(Metadata.EVENT_ID, "spec"));
        E decoded = codec.get().decode(stored);
        assertEqual("the event read back from its bytes (" + type + ")", event, decoded);
    }

    private static void assertEqual(String what, @Nullable Object expected, @Nullable Object actual) {
        if (!Objects.equals(expected, actual)) {
            throw new AssertionError(what + "\nexpected: " + expected + "\nbut was:  " + actual);
        }
    }
}
