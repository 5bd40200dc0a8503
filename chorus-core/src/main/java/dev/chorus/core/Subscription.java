package dev.chorus.core;

import java.util.concurrent.CompletableFuture;

/**
 * A running subscription. It pulls events from the store at its own pace, so a slow handler neither
 * blocks writers nor buffers without bound.
 */
public interface Subscription extends AutoCloseable {
    /** The position of the next event this subscription will look at. */
    long position();

    /** Completes when the subscription is closed, or fails with the handler's exception. */
    CompletableFuture<Void> completion();

    @Override
    void close();
}
