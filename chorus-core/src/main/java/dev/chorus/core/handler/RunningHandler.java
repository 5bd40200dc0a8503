package dev.chorus.core.handler;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A handler started by {@link Handlers#start}: it follows the log on its own virtual thread until closed. */
public interface RunningHandler extends AutoCloseable {
    String name();

    /**
     * The position its committed work reaches: every event before it is handled, dead-lettered or parked, and
     * what that took is durable (events it cannot decode write nothing, so it may move past them before their
     * checkpoint is stored). Events after it may be handled already, in a batch whose commit is still to come.
     */
    long position();

    /**
     * Completes when the handler is closed, or fails when it had to stop: its state store or event store
     * failed (the event in hand is redelivered when it starts again). A handler's own exceptions never stop
     * it; they are retried or dead-lettered.
     */
    CompletableFuture<Void> completion();

    /**
     * Waits until every event before {@code position} is behind it, or the handler stopped, or
     * {@code timeout} passed.
     *
     * @return whether it got there
     */
    boolean awaitPosition(long position, Duration timeout) throws InterruptedException;

    /**
     * Stops after the event in hand (abandoning a backoff wait, so that event is redelivered on restart) and
     * commits the batch handled before it; if that commit fails, those events are redelivered instead.
     */
    @Override
    void close();
}
