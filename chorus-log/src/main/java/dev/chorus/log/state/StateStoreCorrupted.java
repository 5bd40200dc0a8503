package dev.chorus.log.state;

import dev.chorus.core.ChorusException;
import java.nio.file.Path;

/**
 * A state file failed its checks somewhere other than the torn tail a crash leaves at the end of the newest
 * journal. The store refuses to open rather than serve state with a hole in it. State is derived from the log:
 * the way back is to move the directory aside and let the read models rebuild from their facts.
 */
public final class StateStoreCorrupted extends ChorusException {
    private final Path file;
    private final long offset;
    private final String reason;

    public StateStoreCorrupted(Path file, long offset, String reason) {
        super("state store corrupted in " + file + " at byte offset " + offset + ": " + reason + "; move the state"
                + " directory aside and rebuild the read models from the log (their checkpoints go with it)");
        this.file = file;
        this.offset = offset;
        this.reason = reason;
    }

    public Path file() {
        return file;
    }

    public long offset() {
        return offset;
    }

    public String reason() {
        return reason;
    }
}
