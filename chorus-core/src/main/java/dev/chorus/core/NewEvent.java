package dev.chorus.core;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * An event proposed for appending. The store stamps {@link Metadata#EVENT_ID} (a UUIDv7, unless one
 * is given), {@link Metadata#RECORDED_AT} (from its clock), and defaults the correlation and causation
 * ids to the event's own id, which makes it the root of a causal chain.
 */
public record NewEvent(EventType type, byte[] data, Map<String, String> metadata) {
    public NewEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        metadata = Map.copyOf(Objects.requireNonNull(metadata, "metadata"));
    }

    public static NewEvent of(EventType type, byte[] data) {
        return new NewEvent(type, data, Map.of());
    }

    public NewEvent withMetadata(Map<String, String> extra) {
        var merged = new java.util.HashMap<>(metadata);
        merged.putAll(extra);
        return new NewEvent(type, data, merged);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NewEvent other && type.equals(other.type) && Arrays.equals(data, other.data)
                && metadata.equals(other.metadata);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, Arrays.hashCode(data), metadata);
    }

    @Override
    public String toString() {
        return "NewEvent[" + type + ", " + data.length + " bytes, " + metadata + "]";
    }
}
