package dev.chorus.core.handler;

/** What a handler does with the rest of a stream once one of its events is dead-lettered. */
public sealed interface OrderingMode {
    /** Goes on with the stream's later events; the dead letter is handled out of order if retried. */
    record ContinuePast() implements OrderingMode {}

    /**
     * Holds the stream's later events back (recorded durably as parked) until the dead letter is resolved
     * by a retry or discarded, then delivers them in order. Other streams are not held.
     */
    record ParkStream() implements OrderingMode {}

    static OrderingMode continuePast() {
        return new ContinuePast();
    }

    static OrderingMode parkStream() {
        return new ParkStream();
    }
}
