package dev.chorus.core.handler;

/**
 * Handles one decoded event. Throwing fails the attempt: the handler's {@link RetryPolicy} decides whether
 * it is tried again or dead-lettered. State written through {@link HandlerContext#state()} is kept only if
 * the attempt succeeds.
 */
@FunctionalInterface
public interface EventHandler<E> {
    void handle(E event, HandlerContext context) throws Exception;
}
