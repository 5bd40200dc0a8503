package dev.chorus.log;

import dev.chorus.core.ChorusException;
import java.nio.file.Path;

/**
 * A record failed its checks somewhere other than the torn tail a crash leaves. The log refuses to
 * open rather than skip it; run {@code chorus log verify} to see it and {@code chorus log repair} to
 * truncate there, which prints what will be lost first.
 */
public final class LogCorrupted extends ChorusException {
    private final Path segment;
    private final long offset;
    private final String reason;

    public LogCorrupted(Path segment, long offset, String reason) {
        super("log corrupted in segment " + segment + " at byte offset " + offset + ": " + reason
                + "; run 'chorus log verify --data-dir " + dataDirOf(segment) + "' for details and 'chorus log repair'"
                + " to truncate there (it prints what would be lost first)");
        this.segment = segment;
        this.offset = offset;
        this.reason = reason;
    }

    public Path segment() {
        return segment;
    }

    public long offset() {
        return offset;
    }

    public String reason() {
        return reason;
    }

    private static Path dataDirOf(Path segment) {
        Path parent = segment.getParent();
        return parent == null ? segment : parent;
    }
}
