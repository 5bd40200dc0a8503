package dev.chorus.core;

/**
 * Receives a subscription's events, one at a time, in global order, on the subscription's own thread.
 * An exception stops the subscription; its {@link Subscription#completion()} then fails with it.
 */
@FunctionalInterface
public interface SubscriptionHandler {
    void onEvent(RecordedEvent event) throws Exception;

    /**
     * The same delivery, with what the subscription has in hand: {@code more} is true when it already holds
     * the next event for this handler (the rest of the page it read) and hands it over right after this one,
     * unless it is closed first. A handler may then defer work that the next event can share (one durable commit
     * for several events, say), and must finish it when {@code more} is false: the subscription may wait for the
     * log next. A subscription that cannot tell calls {@link #onEvent(RecordedEvent)}, which means {@code more}
     * false; this default does the same.
     */
    default void onEvent(RecordedEvent event, boolean more) throws Exception {
        onEvent(event);
    }

    /** Called once, when the subscription has caught up with the head and goes live. */
    default void onLive(long position) {}
}
