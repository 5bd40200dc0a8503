package dev.chorus.core.codec;

import dev.chorus.core.ChorusException;
import dev.chorus.core.EventType;

/** A stored event's type is not registered with the codec. Register it, or let the subscriber skip it. */
public final class UnknownEventType extends ChorusException {
    private final EventType type;
    private final long position;

    public UnknownEventType(EventType type, long position) {
        super("no registered type for stored event " + type + " at position " + position
                + "; register a record for it (or an upcaster to a known version), or skip unknown types");
        this.type = type;
        this.position = position;
    }

    public EventType type() {
        return type;
    }

    public long position() {
        return position;
    }
}
