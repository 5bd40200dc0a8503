package dev.chorus.core.projection.internal;

import dev.chorus.core.AllReader;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.SubscriptionHandler;
import dev.chorus.core.projection.ProjectionFailed;
import java.util.function.Consumer;

/**
 * Feeds a subscription's events to an {@link Applier}. It commits when the batch is full and as soon as it has
 * caught up with the head, so a live projection is never more than one commit behind and a catching-up one
 * batches without a timer.
 */
public final class LiveFeed implements SubscriptionHandler {
    private final Applier<?> applier;
    private final AllReader reader;
    private final Consumer<ProjectionFailed> onFailure;

    public LiveFeed(Applier<?> applier, AllReader reader, Consumer<ProjectionFailed> onFailure) {
        this.applier = applier;
        this.reader = reader;
        this.onFailure = onFailure;
    }

    @Override
    public void onEvent(RecordedEvent event) {
        try {
            applier.apply(event);
            // The subscription delivers every position, so reaching the head means nothing else is waiting.
            if (applier.hasPending() && applier.next() >= reader.headPosition()) {
                applier.flush();
            }
        } catch (ProjectionFailed failed) {
            onFailure.accept(failed);
            throw failed;
        }
    }

    @Override
    public void onLive(long position) {
        try {
            applier.flush();
        } catch (ProjectionFailed failed) {
            onFailure.accept(failed);
            throw failed;
        }
    }
}
