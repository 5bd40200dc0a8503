package dev.chorus.core;

/**
 * The stream was not at the expected version, so nothing was appended. Reload the stream, decide
 * again and retry. {@code actualVersion} is {@link ExpectedVersion#NO_STREAM_VERSION} for a stream
 * without events.
 */
public final class ConcurrencyConflict extends RetriableException {
    private final String streamId;
    private final ExpectedVersion expected;
    private final long actualVersion;

    public ConcurrencyConflict(String streamId, ExpectedVersion expected, long actualVersion) {
        super("stream " + streamId + " expected " + describe(expected) + " but its version is "
                + (actualVersion == ExpectedVersion.NO_STREAM_VERSION ? "none (no events)" : actualVersion)
                + "; reload it, decide again and retry");
        this.streamId = streamId;
        this.expected = expected;
        this.actualVersion = actualVersion;
    }

    public String streamId() {
        return streamId;
    }

    public ExpectedVersion expected() {
        return expected;
    }

    public long actualVersion() {
        return actualVersion;
    }

    private static String describe(ExpectedVersion expected) {
        return switch (expected) {
            case ExpectedVersion.Any any -> "any version";
            case ExpectedVersion.NoStream none -> "no stream";
            case ExpectedVersion.StreamExists exists -> "an existing stream";
            case ExpectedVersion.Exactly exactly -> "version " + exactly.version();
        };
    }
}
