package dev.chorus.core;

/** Subscribes to the global order: catch up from a position, then follow new events live. */
public interface AllSubscriber {
    Subscription subscribe(long fromPosition, SubscriptionFilter filter, SubscriptionHandler handler);

    default Subscription subscribe(long fromPosition, SubscriptionHandler handler) {
        return subscribe(fromPosition, SubscriptionFilter.all(), handler);
    }
}
