package dev.chorus.core.handler;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A handler started by {@link Handlers#start}: it follows the log on its own virtual thread until closed. */
public interface RunningHandler extends AutoCloseable {
    String name();

    /** The position of the next event it will look at; everything before is handled, dead-lettered or parked. */
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

    /** Stops after the event in hand (abandoning a backoff wait, so that event is redelivered on restart). */
    @Override
    void close();
}
