package dev.chorus.log;

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

/**
 * Chorus's embedded durable log: an {@link EventStore} in a local directory of CRC32C-framed segment
 * files, written by one group-commit writer that fsyncs before it acknowledges.
 */
public final class EmbeddedLog implements EventStore {

    public static EmbeddedLog open(LogConfig config) {
        throw new UnsupportedOperationException("in progress");
    }

    /** What opening this log found and repaired. */
    public RecoveryReport recovery() {
        throw new UnsupportedOperationException("in progress");
    }

    public LogConfig config() {
        throw new UnsupportedOperationException("in progress");
    }

    @Override
    public AppendResult append(String streamId, ExpectedVersion expected, List<NewEvent> events) {
        throw new UnsupportedOperationException("in progress");
    }

    @Override
    public List<RecordedEvent> readStream(String streamId, ReadDirection direction, long fromVersion, int maxCount) {
        throw new UnsupportedOperationException("in progress");
    }

    @Override
    public long streamVersion(String streamId) {
        throw new UnsupportedOperationException("in progress");
    }

    @Override
    public List<RecordedEvent> readAll(long fromPosition, int maxCount) {
        throw new UnsupportedOperationException("in progress");
    }

    @Override
    public long headPosition() {
        throw new UnsupportedOperationException("in progress");
    }

    @Override
    public Subscription subscribe(long fromPosition, SubscriptionFilter filter, SubscriptionHandler handler) {
        throw new UnsupportedOperationException("in progress");
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("in progress");
    }
}
