package dev.chorus.core.state;

import dev.chorus.core.RetriableException;

/**
 * A conditional commit ({@link StateStore#commitIf}) found its key changed since the caller read it (or gone), so
 * nothing was written. Read the key again, decide again and retry.
 */
public final class StateConflict extends RetriableException {
    private final String key;

    public StateConflict(String key) {
        super("state key " + key + " changed since it was read; nothing was written: read it again and retry");
        this.key = key;
    }

    public String key() {
        return key;
    }
}
