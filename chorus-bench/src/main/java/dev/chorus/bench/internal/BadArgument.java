package dev.chorus.bench.internal;

/** A benchmark argument is missing, unknown or out of range; the benchmark did not start. */
public final class BadArgument extends RuntimeException {
    public BadArgument(String message) {
        super(message);
    }
}
