package dev.chorus.log;

import dev.chorus.core.ChorusException;
import java.nio.file.Path;

/** Another process (or another open log in this one) is writing to this data directory. */
public final class LogLocked extends ChorusException {
    private final Path dataDir;

    public LogLocked(Path dataDir) {
        super("the log in " + dataDir + " is already open for writing by another process or store; stop it, or use"
                + " another --data-dir");
        this.dataDir = dataDir;
    }

    public Path dataDir() {
        return dataDir;
    }
}
