package dev.chorus.testkit;

import dev.chorus.core.AppendResult;
import dev.chorus.core.EventStore;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.core.ReadDirection;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.Subscription;
import dev.chorus.core.SubscriptionFilter;
import dev.chorus.core.SubscriptionHandler;
import java.util.List;

/** A store that passes every call on; a broken store overrides the one call it gets wrong. */
class ForwardingStore implements EventStore {
    protected final EventStore delegate;

    ForwardingStore(EventStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public AppendResult append(String streamId, ExpectedVersion expected, List<NewEvent> events) {
        return delegate.append(streamId, expected, events);
    }

    @Override
    public List<RecordedEvent> readStream(String streamId, ReadDirection direction, long fromVersion, int maxCount) {
        return delegate.readStream(streamId, direction, fromVersion, maxCount);
    }

    @Override
    public long streamVersion(String streamId) {
        return delegate.streamVersion(streamId);
    }

    @Override
    public List<RecordedEvent> readAll(long fromPosition, int maxCount) {
        return delegate.readAll(fromPosition, maxCount);
    }

    @Override
    public long headPosition() {
        return delegate.headPosition();
    }

    @Override
    public Subscription subscribe(long fromPosition, SubscriptionFilter filter, SubscriptionHandler handler) {
        return delegate.subscribe(fromPosition, filter, handler);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
