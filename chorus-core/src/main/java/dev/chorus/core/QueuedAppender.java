package dev.chorus.core;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * An appender that fixes an append's place in its order at once and lets the caller go on before the append
 * is durable, so that one thread can have several appends in the same fsync. A store that can only append
 * and wait does not implement it.
 */
public interface QueuedAppender {
    /**
     * Queues {@code events} for {@code streamId}. When this returns, the append's place is fixed: any append
     * queued or made after it, by any thread, is checked against the stream as this one leaves it if it is
     * accepted. When {@code after} is given and the store refuses that append, it refuses this one too (a
     * {@link ConcurrencyConflict}), so that appends decided on the state an earlier queued append leaves never
     * land without it.
     *
     * @return completes with the positions written once the events are durable, or exceptionally with a
     *         {@link ConcurrencyConflict} or {@link StoreClosed}; nothing of a refused append is written
     * @throws ValidationError the input breaks a rule or a limit; nothing is queued
     * @throws StoreClosed     the store is closed (one closing while the append is queued refuses it through the
     *                         future instead)
     */
    CompletableFuture<AppendResult> appendQueued(String streamId, ExpectedVersion expected, List<NewEvent> events,
                                                 Optional<CompletableFuture<AppendResult>> after);
}
