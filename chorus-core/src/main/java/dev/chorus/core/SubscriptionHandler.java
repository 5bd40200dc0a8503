package dev.chorus.core;

/**
 * Receives a subscription's events, one at a time, in global order, on the subscription's own thread.
 * An exception stops the subscription; its {@link Subscription#completion()} then fails with it.
 */
@FunctionalInterface
public interface SubscriptionHandler {
    void onEvent(RecordedEvent event) throws Exception;

    /** Called once, when the subscription has caught up with the head and goes live. */
    default void onLive(long position) {}
}
