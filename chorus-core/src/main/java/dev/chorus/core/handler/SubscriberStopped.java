package dev.chorus.core.handler;

import dev.chorus.core.ChorusException;

/**
 * A dead letter's subscriber was closing when an operator's retry or discard reached it, so it did not carry
 * the request out; what it had committed before stands. {@link DeadLetters} records the request instead, for the
 * subscriber's next start.
 */
public final class SubscriberStopped extends ChorusException {
    private final String name;

    public SubscriberStopped(String name) {
        super("subscriber " + name + " is stopping; the request is left for its next start");
        this.name = name;
    }

    public String name() {
        return name;
    }
}
