package dev.chorus.core.saga;

/**
 * Where a saga's commands go: registered explicitly by the application, typically a function that runs the
 * command through the receiving decider's command loop with {@code context.message()}.
 *
 * <p>A command is dispatched at least once: a step that fails after dispatching, or a crash before the
 * saga's state commit, redelivers the step, and the command is dispatched again with the same
 * {@link CommandContext#commandId()}. A receiver that must apply it once records that id (in the
 * metadata of the events it appends, say) and ignores a repeat; a receiver whose decider answers a repeat
 * with no events needs nothing more.
 */
@FunctionalInterface
public interface CommandDispatcher<C> {
    /**
     * Handles {@code command}, returning once it is done (its events appended). Throwing fails the saga's
     * step: it is retried as the saga's retry policy says, then dead-lettered.
     */
    void dispatch(C command, CommandContext context) throws Exception;
}
