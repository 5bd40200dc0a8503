package dev.chorus.core;

import java.util.List;

/** Appends facts to a stream, atomically: all of them or none. */
public interface EventAppender {
    /**
     * Appends {@code events} to {@code streamId} if the stream satisfies {@code expected}, and returns
     * only once they are durable.
     *
     * @throws ConcurrencyConflict the stream was elsewhere; nothing was written
     * @throws ValidationError     the input breaks a rule or a limit; nothing was written
     */
    AppendResult append(String streamId, ExpectedVersion expected, List<NewEvent> events);

    default AppendResult append(String streamId, ExpectedVersion expected, NewEvent... events) {
        return append(streamId, expected, List.of(events));
    }
}
