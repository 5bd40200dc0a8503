package dev.chorus.core.handler;

import java.time.Duration;

/** Waits out a retry's backoff. Injected so that tests record the waits instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
    /** Waits {@code duration}; may return early when interrupted (the runner is closing). */
    void sleep(Duration duration) throws InterruptedException;

    static Sleeper system() {
        return Thread::sleep;
    }
}
