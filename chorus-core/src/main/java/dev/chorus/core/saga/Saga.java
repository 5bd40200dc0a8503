package dev.chorus.core.saga;

import java.util.List;

/**
 * A choreographed process, one instance per conversation (correlation id), as pure functions: the state
 * before any fact, the state a fact leads to, and the effects a fact calls for. Effects are data
 * ({@link SagaEffect}); the {@link SagaRunner} executes them, so a saga never touches a store, a clock or a
 * command bus, and a {@code SagaSpec} can test it with values alone.
 *
 * <p>{@link #react} sees the state <em>before</em> the fact, as a decider's {@code decide} sees the state
 * before the command, and reacts to the move the fact makes: a fact delivered twice (publishing is at least
 * once everywhere) finds the saga already moved on and calls for nothing again.
 *
 * <p>A timeout the saga scheduled comes back through {@link #onTimeout}. It does not change the state: the
 * state stays the fold of the facts of the conversation, and whatever a timeout changes shows up as the
 * facts its effects cause (a cancelled order, a published {@code PaymentTimedOut}).
 *
 * <p>When {@link #isComplete} holds after a fact, the runner drops the instance's state and pending
 * timeouts and ignores later facts of that conversation.
 *
 * @param <S> state of one instance
 * @param <E> the events it sees (and publishes), usually a sealed interface of records
 * @param <C> the commands it issues, usually a sealed interface of records
 */
public interface Saga<S, E, C> {
    /**
     * Names the saga's state, checkpoint and dead letters: 1 to 100 letters, digits, '.', '_' or '-',
     * starting with a letter. Renaming a saga starts it over from the beginning of the log.
     */
    String name();

    S initialState();

    S evolve(S state, E event);

    /**
     * The effects of {@code event} arriving in {@code state}, the state before it ({@link #evolve} gives the
     * one after).
     */
    List<SagaEffect<E, C>> react(S state, E event);

    /** The effects of the timeout {@code timeoutName} coming due in {@code state}; none by default. */
    default List<SagaEffect<E, C>> onTimeout(S state, String timeoutName) {
        return List.of();
    }

    /** Whether the conversation is over for this saga; never, by default. */
    default boolean isComplete(S state) {
        return false;
    }
}
