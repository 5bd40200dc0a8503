package dev.chorus.core.decider;

import java.time.Duration;

/** Waits between retries. Injected, so that a test sees the backoff it asked for instead of waiting it out. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;

    /** {@link Thread#sleep(Duration)}: parks a virtual thread without holding its carrier. */
    static Sleeper system() {
        return Thread::sleep;
    }
}
