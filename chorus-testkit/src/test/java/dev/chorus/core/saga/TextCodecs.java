package dev.chorus.core.saga;

import dev.chorus.core.EventType;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.codec.Codec;
import dev.chorus.core.codec.EncodedEvent;
import dev.chorus.core.codec.EventCodec;
import java.nio.charset.StandardCharsets;

/** Sagas over plain text in tests: facts of one type whose data is the text, and states stored as text. */
final class TextCodecs {
    private TextCodecs() {}

    static EventCodec<String> facts(EventType type) {
        return new EventCodec<>() {
            @Override
            public EncodedEvent encode(String event) {
                return new EncodedEvent(type, event.getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public String decode(RecordedEvent event) {
                return new String(event.data(), StandardCharsets.UTF_8);
            }

            @Override
            public boolean knows(String typeName) {
                return typeName.equals(type.name());
            }
        };
    }

    static Codec<String> states() {
        return new Codec<>() {
            @Override
            public byte[] encode(String value) {
                return value.getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public String decode(byte[] bytes) {
                return new String(bytes, StandardCharsets.UTF_8);
            }
        };
    }
}
