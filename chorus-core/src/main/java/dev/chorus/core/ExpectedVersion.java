package dev.chorus.core;

/**
 * What the writer believes about a stream before appending. A version is the 0-based version of the
 * stream's last event.
 */
public sealed interface ExpectedVersion {
    /** The version a stream without events has. Appears as the actual version of a conflict. */
    long NO_STREAM_VERSION = -1;

    /** Append whatever the stream holds. */
    record Any() implements ExpectedVersion {}

    /** The stream must not have any event yet. */
    record NoStream() implements ExpectedVersion {}

    /** The stream must have at least one event. */
    record StreamExists() implements ExpectedVersion {}

    /** The stream's last event must have exactly this version. */
    record Exactly(long version) implements ExpectedVersion {
        public Exactly {
            if (version < 0) {
                throw new ValidationError("expectedVersion",
                        "an exact expected version is 0 or more; use NoStream for a stream without events");
            }
        }
    }

    ExpectedVersion ANY = new Any();
    ExpectedVersion NO_STREAM = new NoStream();
    ExpectedVersion STREAM_EXISTS = new StreamExists();

    static ExpectedVersion any() {
        return ANY;
    }

    static ExpectedVersion noStream() {
        return NO_STREAM;
    }

    static ExpectedVersion streamExists() {
        return STREAM_EXISTS;
    }

    static ExpectedVersion exactly(long version) {
        return new Exactly(version);
    }

    /** Whether a stream whose last version is {@code actual} ({@link #NO_STREAM_VERSION} when empty) satisfies this. */
    default boolean isSatisfiedBy(long actual) {
        return switch (this) {
            case Any any -> true;
            case NoStream none -> actual == NO_STREAM_VERSION;
            case StreamExists exists -> actual != NO_STREAM_VERSION;
            case Exactly exactly -> exactly.version() == actual;
        };
    }
}
