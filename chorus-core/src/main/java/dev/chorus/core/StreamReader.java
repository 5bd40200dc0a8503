package dev.chorus.core;

import java.util.ArrayList;
import java.util.List;

/** Reads one stream, at a cost in proportion to that stream's events, not the whole store's. */
public interface StreamReader {
    /** Reading backward from this version starts at the stream's last event. */
    long END = Long.MAX_VALUE;

    /**
     * Up to {@code maxCount} events of the stream, starting at {@code fromVersion} (inclusive) and going
     * in {@code direction}. A stream without events reads as an empty list.
     */
    List<RecordedEvent> readStream(String streamId, ReadDirection direction, long fromVersion, int maxCount);

    /** The version of the stream's last event, or {@link ExpectedVersion#NO_STREAM_VERSION}. */
    long streamVersion(String streamId);

    /** Every event of the stream, oldest first. */
    default List<RecordedEvent> readStream(String streamId) {
        var all = new ArrayList<RecordedEvent>();
        long from = 0;
        while (true) {
            var page = readStream(streamId, ReadDirection.FORWARD, from, 1024);
            all.addAll(page);
            if (page.size() < 1024) {
                return all;
            }
            from = page.getLast().version() + 1;
        }
    }
}
