package dev.chorus.json;

import dev.chorus.core.EventType;
import dev.chorus.core.Metadata;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.codec.EncodedEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/** Stored events made by hand, for tests that need an exact type, version or byte sequence. */
final class Stored {
    static final Instant RECORDED_AT = Instant.parse("2026-03-01T12:34:56.789Z");

    private Stored() {}

    static RecordedEvent event(long position, EventType type, byte[] data) {
        return new RecordedEvent(position, "order-1", position, type, data,
                Map.of(Metadata.EVENT_ID, "0189abcd-ef01-7000-8000-" + String.format("%012d", position),
                        Metadata.RECORDED_AT, RECORDED_AT.toString()));
    }

    static RecordedEvent event(long position, EventType type, String json) {
        return event(position, type, json.getBytes(StandardCharsets.UTF_8));
    }

    static RecordedEvent event(long position, EncodedEvent encoded) {
        return event(position, encoded.type(), encoded.data());
    }

    static String text(EncodedEvent encoded) {
        return new String(encoded.data(), StandardCharsets.UTF_8);
    }
}
