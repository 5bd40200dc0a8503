package dev.chorus.json;

import dev.chorus.core.EventType;

/**
 * The event's version is older than any upcaster chain reaches: there is no way from it to today's record.
 * Register an upcaster from that version.
 */
public final class MissingUpcaster extends UnreadableEventVersion {
    private final int oldestReadable;

    public MissingUpcaster(EventType stored, long position, int oldestReadable, int currentVersion) {
        super(stored, position, currentVersion, "stored event " + stored + " at position " + position
                + " cannot be upcast to " + stored.name() + "/v" + currentVersion + ": the oldest readable version is v"
                + oldestReadable + "; register upcast(\"" + stored.name() + "\", " + stored.version()
                + ", ...) and the steps up to v" + oldestReadable);
        this.oldestReadable = oldestReadable;
    }

    /** The oldest version an upcaster chain (or, without upcasters, the registration itself) starts from. */
    public int oldestReadable() {
        return oldestReadable;
    }
}
