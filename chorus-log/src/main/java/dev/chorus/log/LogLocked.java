package dev.chorus.log;

import dev.chorus.core.ChorusException;
import java.nio.file.Path;

/** Another process (or another open log in this one) is writing to this data directory. */
public final class LogLocked extends ChorusException {
    private final Path dataDir;

    public LogLocked(Path dataDir) {
        super("the log in " + dataDir.toAbsolutePath().normalize() + " is already open for writing by another process"
                + " or store (a data directory has one writer): stop that one first");
        this.dataDir = dataDir;
    }

    public Path dataDir() {
        return dataDir;
    }
}
