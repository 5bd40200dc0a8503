package dev.chorus.cli;

import dev.chorus.core.EventType;
import dev.chorus.core.NewEvent;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.codec.EncodedEvent;
import dev.chorus.core.codec.EventCodec;
import java.nio.charset.StandardCharsets;

/** The events the dlq tests' handlers read: a note is its UTF-8 text under type {@code test.Note}. */
final class Notes implements EventCodec<String> {
    static final EventType NOTE = EventType.of("test.Note", 1);
    static final Notes CODEC = new Notes();

    private Notes() {}

    static NewEvent note(String text) {
        return NewEvent.of(NOTE, text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public EncodedEvent encode(String event) {
        return new EncodedEvent(NOTE, event.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String decode(RecordedEvent event) {
        return new String(event.data(), StandardCharsets.UTF_8);
    }

    @Override
    public boolean knows(String typeName) {
        return typeName.equals(NOTE.name());
    }
}
