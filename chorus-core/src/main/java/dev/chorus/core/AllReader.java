package dev.chorus.core;

import java.util.List;

/** Reads the one global order of every stream's events. */
public interface AllReader {
    /** Up to {@code maxCount} events from global position {@code fromPosition} (inclusive), oldest first. */
    List<RecordedEvent> readAll(long fromPosition, int maxCount);

    /** The position the next appended event will take: the number of events in the store. */
    long headPosition();
}
