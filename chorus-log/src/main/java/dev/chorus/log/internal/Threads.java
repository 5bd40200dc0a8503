package dev.chorus.log.internal;

/** Waiting for the log's own threads. */
final class Threads {
    private Threads() {}

    /**
     * Waits until {@code thread} has ended, interrupted or not: what follows must not run beside it (a file closed
     * under its writes, its batches taken from under it). An interrupt is kept for the caller.
     */
    static void awaitEnd(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
