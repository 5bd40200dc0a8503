package dev.chorus.core.codec;

import dev.chorus.core.EventType;
import java.util.Arrays;
import java.util.Objects;

/** A domain event turned into a stable type and bytes, ready to become a {@code NewEvent}. */
public record EncodedEvent(EventType type, byte[] data) {
    public EncodedEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncodedEvent other && type.equals(other.type) && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "EncodedEvent[" + type + ", " + data.length + " bytes]";
    }
}
