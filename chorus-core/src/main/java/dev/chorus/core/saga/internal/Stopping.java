package dev.chorus.core.saga.internal;

/** Unwinds a step because the runner is closing; the fact is redelivered when the saga runs again. */
public final class Stopping extends RuntimeException {
    Stopping() {
        super("the saga runner is closing", null, false, false);
    }
}
