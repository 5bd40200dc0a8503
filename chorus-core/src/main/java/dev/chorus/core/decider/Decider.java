package dev.chorus.core.decider;

import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The rules of one stream as three pure functions (Chassaing's Decider): the state before any event, the
 * events a command causes in a state, and the state an event leads to. Commands and events are usually
 * sealed interfaces of records, handled by exhaustive {@code switch}. Nothing here reads a store, a clock
 * or a thread: what a command needs from outside travels in the command.
 *
 * <p>{@code decide} refuses a command by throwing a {@link CommandRejected}; the command loop never
 * retries that and writes nothing.
 *
 * @param <C> commands
 * @param <S> state
 * @param <E> events
 */
public interface Decider<C, S, E> {
    S initialState();

    /** The events {@code command} causes in {@code state}: none when it changes nothing (an idempotent repeat). */
    List<E> decide(C command, S state);

    S evolve(S state, E event);

    /**
     * Whether the stream's life is over in this state (an account closed for good). The command loop still
     * lets {@code decide} answer a command in a terminal state, but refuses to append any event to it.
     */
    default boolean isTerminal(S state) {
        return false;
    }

    /** {@code state} after {@code events}, in order. */
    default S fold(S state, List<? extends E> events) {
        S folded = state;
        for (E event : events) {
            folded = Objects.requireNonNull(evolve(folded, event), "evolve returned null");
        }
        return folded;
    }

    /** A decider from three functions, for rules small enough not to need a class. */
    static <C, S, E> Decider<C, S, E> of(Supplier<S> initialState, BiFunction<C, S, List<E>> decide,
                                         BiFunction<S, E, S> evolve) {
        Objects.requireNonNull(initialState, "initialState");
        Objects.requireNonNull(decide, "decide");
        Objects.requireNonNull(evolve, "evolve");
        return new Decider<>() {
            @Override
            public S initialState() {
                return initialState.get();
            }

            @Override
            public List<E> decide(C command, S state) {
                return decide.apply(command, state);
            }

            @Override
            public S evolve(S state, E event) {
                return evolve.apply(state, event);
            }
        };
    }
}
