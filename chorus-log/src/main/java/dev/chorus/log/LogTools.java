package dev.chorus.log;

import java.nio.file.Path;

/** Offline checks on a log that no process has open: verify, and repair by truncation. */
public final class LogTools {
    private LogTools() {}

    /** Reads every record of every segment and checks it. Takes the directory's lock while it reads. */
    public static VerifyReport verify(Path dataDir) {
        throw new UnsupportedOperationException("in progress");
    }

    /**
     * Truncates the log at its first bad record, deleting later segments and the indexes that cover
     * them. Returns the damage that was removed, the same as {@link #verify} reported; a healthy log is
     * left untouched.
     */
    public static VerifyReport repair(Path dataDir) {
        throw new UnsupportedOperationException("in progress");
    }
}
