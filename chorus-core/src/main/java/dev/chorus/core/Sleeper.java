package dev.chorus.core;

import java.time.Duration;

/**
 * Waits out a retry's backoff (a command's version conflict, a handler's or a saga's failure). Injected, so
 * that a test records the waits it asked for instead of sleeping through them.
 */
@FunctionalInterface
public interface Sleeper {
    /** Waits {@code duration}; may return early when interrupted (the runner is closing). */
    void sleep(Duration duration) throws InterruptedException;

    /** {@link Thread#sleep(Duration)}: parks a virtual thread without holding its carrier. */
    static Sleeper system() {
        return Thread::sleep;
    }
}
