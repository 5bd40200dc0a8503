package dev.chorus.log.internal;

import java.util.concurrent.locks.LockSupport;

/**
 * Keeps a background thread (merging state runs, writing a snapshot, sealing a segment's index) to a share of one
 * core and of the disk: after
 * every {@link #tick()} that ends a stretch of {@value #STRETCH_NANOS} ns of work, it rests as long as the stretch
 * took, so the work runs at most about half the time. On two cores a merge or snapshot at full speed took the CPU
 * the live paths needed: in bench saga, a 76 ms merge or a snapshot write raised the median latency of the orders
 * beside it from about 3 ms to 7 to 11 ms. Neither has a deadline; taking twice as long costs nothing. One thread
 * per throttle.
 */
public final class Throttle {
    private static final long STRETCH_NANOS = 2_000_000;

    private final boolean rests;
    private long stretchStart = System.nanoTime();

    private Throttle(boolean rests) {
        this.rests = rests;
    }

    /** Rests as long as it worked: at most half the time busy. */
    public static Throttle half() {
        return new Throttle(true);
    }

    /** Never rests: for tests and callers that must finish. */
    public static Throttle none() {
        return new Throttle(false);
    }

    /** Whether this throttle rests: work beside live appends, which also writes its files in forced steps. */
    public boolean rests() {
        return rests;
    }

    /** Called between small units of work; rests once the work since the last rest passes a stretch. */
    public void tick() {
        if (!rests) {
            return;
        }
        long now = System.nanoTime();
        long worked = now - stretchStart;
        if (worked >= STRETCH_NANOS) {
            long until = now + worked;
            for (long left = until - now; left > 0; left = until - System.nanoTime()) {
                LockSupport.parkNanos(left); // may return early: park again for what is left
            }
            stretchStart = System.nanoTime();
        }
    }
}
