package dev.chorus.log;

import dev.chorus.core.EventType;
import dev.chorus.core.NewEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Small helpers the log's tests share. */
final class LogFixture {
    static final EventType TYPE = EventType.of("Thing.Happened", 1);

    private LogFixture() {}

    static NewEvent event(String text) {
        return NewEvent.of(TYPE, text.getBytes(StandardCharsets.UTF_8));
    }

    static String text(dev.chorus.core.RecordedEvent event) {
        return new String(event.data(), StandardCharsets.UTF_8);
    }

    static EmbeddedLog open(Path dir) {
        return EmbeddedLog.open(LogConfig.defaults(dir));
    }

    static EmbeddedLog open(Path dir, Consumer<LogConfig.Builder> setup) {
        return EmbeddedLog.open(LogConfig.of(dir, setup));
    }
}
