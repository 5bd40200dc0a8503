package dev.chorus.core;

import dev.chorus.core.internal.IsoInstants;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A fact as the store holds it. {@code position} is its place in the one global order (dense, from
 * 0); {@code version} its place in its stream (dense, from 0).
 *
 * <p>Immutable, so a store hands the same instance to every reader: {@link #data()} returns a copy of the
 * payload on each call (a reader that skips an event by its type never pays for one; {@link #dataView()} reads
 * it without a copy), and the array given to the constructor must not be changed afterwards.
 */
public record RecordedEvent(long position, String streamId, long version, EventType type, byte[] data,
                            Map<String, String> metadata) {
    public RecordedEvent {
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        metadata = Map.copyOf(metadata);
    }

    /** A copy of the payload: changing it changes nothing stored or read by anyone else. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The payload as a read-only buffer over the stored bytes: for decoders that read it once, without a copy. */
    public ByteBuffer dataView() {
        return ByteBuffer.wrap(data).asReadOnlyBuffer();
    }

    /** The payload's length in bytes, without copying it. */
    public int dataSize() {
        return data.length;
    }

    public String eventId() {
        return metadata.getOrDefault(Metadata.EVENT_ID, "");
    }

    public String correlationId() {
        return metadata.getOrDefault(Metadata.CORRELATION_ID, eventId());
    }

    public String causationId() {
        return metadata.getOrDefault(Metadata.CAUSATION_ID, eventId());
    }

    public Instant recordedAt() {
        String at = metadata.get(Metadata.RECORDED_AT);
        return at == null ? Instant.EPOCH : IsoInstants.parse(at);
    }

    public Optional<String> traceparent() {
        return Optional.ofNullable(metadata.get(Metadata.TRACEPARENT));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordedEvent other && position == other.position && version == other.version
                && streamId.equals(other.streamId) && type.equals(other.type)
                && Arrays.equals(data, other.data) && metadata.equals(other.metadata);
    }

    @Override
    public int hashCode() {
        return Objects.hash(position, streamId, version, type, Arrays.hashCode(data), metadata);
    }

    @Override
    public String toString() {
        return "RecordedEvent[#" + position + " " + streamId + "@" + version + " " + type + ", " + data.length
                + " bytes]";
    }
}
