package dev.chorus.server;

import dev.chorus.core.handler.DeadLetterId;

/**
 * Asks another service to retry or discard one of its dead letters, of which this API holds only a copy: the request
 * is durable when this returns, and the service carries it out (the copy shows the outcome once it comes back).
 */
@FunctionalInterface
public interface DeadLetterRequester {
    /**
     * {@code action} is {@code retry} or {@code discard}; {@code eventId} is the copy's, which the service checks, so
     * that a request never reaches another dead letter that took the same id (in a store of the role made since).
     */
    void ask(String service, DeadLetterId id, String eventId, String action);
}
