package dev.chorus.log;

/** Global positions {@code from} to {@code to}, both included. */
public record PositionRange(long from, long to) {
    public long count() {
        return to - from + 1;
    }

    @Override
    public String toString() {
        return from == to ? Long.toString(from) : from + ".." + to;
    }
}
