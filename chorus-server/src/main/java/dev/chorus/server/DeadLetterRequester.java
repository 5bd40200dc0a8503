package dev.chorus.server;

import dev.chorus.core.handler.DeadLetterId;

/**
 * Asks another service to retry or discard one of its dead letters, of which this API holds only a copy: the request
 * is durable when this returns, and the service carries it out (the copy shows the outcome once it comes back).
 */
@FunctionalInterface
public interface DeadLetterRequester {
    /** {@code action} is {@code retry} or {@code discard}. */
    void ask(String service, DeadLetterId id, String action);
}
