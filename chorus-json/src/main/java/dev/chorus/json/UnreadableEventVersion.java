package dev.chorus.json;

import dev.chorus.core.ChorusException;
import dev.chorus.core.EventType;

/**
 * A stored event's name is registered, but its schema version cannot be turned into today's record. Catch
 * this type to treat both cases alike (a subscriber may skip, as it may skip an unknown type).
 */
public abstract sealed class UnreadableEventVersion extends ChorusException
        permits FutureEventVersion, MissingUpcaster {
    private final EventType stored;
    private final long position;
    private final int currentVersion;

    UnreadableEventVersion(EventType stored, long position, int currentVersion, String message) {
        super(message);
        this.stored = stored;
        this.position = position;
        this.currentVersion = currentVersion;
    }

    /** The type and version the event was written with. */
    public EventType stored() {
        return stored;
    }

    /** The event's global position. */
    public long position() {
        return position;
    }

    /** The version today's record is registered with. */
    public int currentVersion() {
        return currentVersion;
    }
}
