package dev.chorus.log.state;

import dev.chorus.core.ChorusException;
import java.nio.file.Path;

/** Another process (or another open store in this one) is writing to this state directory. */
public final class StateStoreLocked extends ChorusException {
    private final Path dir;

    public StateStoreLocked(Path dir) {
        super("the state store in " + dir + " is already open for writing by another process or store; stop it, or"
                + " use another directory");
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }
}
