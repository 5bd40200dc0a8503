package dev.chorus.cli;

import dev.chorus.core.EventStore;
import dev.chorus.core.EventType;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.codec.EncodedEvent;
import dev.chorus.core.codec.EventCodec;
import dev.chorus.core.codec.UnknownEventType;
import dev.chorus.core.projection.Projection;
import dev.chorus.log.EmbeddedLog;
import dev.chorus.log.FsyncPolicy;
import dev.chorus.log.LogConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** An application for the projections commands: counters counted up, stored as text on a real log. */
final class Tallies {
    record Counted(String counter, int by) {}

    static final EventType COUNTED = EventType.of("Counted", 1);

    static final EventCodec<Counted> CODEC = new EventCodec<>() {
        @Override
        public EncodedEvent encode(Counted event) {
            return new EncodedEvent(COUNTED, utf8(event.counter() + " " + event.by()));
        }

        @Override
        public Counted decode(RecordedEvent event) {
            if (!knows(event.type().name())) {
                throw new UnknownEventType(event.type(), event.position());
            }
            String text = new String(event.data(), StandardCharsets.UTF_8);
            int space = text.lastIndexOf(' ');
            return new Counted(text.substring(0, space), Integer.parseInt(text.substring(space + 1)));
        }

        @Override
        public boolean knows(String typeName) {
            return typeName.equals(COUNTED.name());
        }
    };

    private Tallies() {}

    /** {@code count/<counter>}: the sum; a negative count is a bug it refuses. */
    static Projection<Counted> counters() {
        return Projection.of("counters", CODEC, (event, source, model) -> {
            if (event.by() < 0) {
                throw new IllegalArgumentException("counters only go up: " + event);
            }
            String key = "count/" + event.counter();
            model.put(key, utf8(Long.toString(model.get(key).map(Tallies::parse).orElse(0L) + event.by())));
        });
    }

    /** {@code seen/<event id>}: how many times each event was applied. */
    static Projection<Counted> seen() {
        return Projection.of("seen", CODEC, (event, source, model) -> {
            String key = "seen/" + source.eventId();
            model.put(key, utf8(Long.toString(model.get(key).map(Tallies::parse).orElse(0L) + 1)));
        });
    }

    /**
     * Both projections on one store; as roles, "counting" runs the counters alone, "seeing" the seen ones alone and
     * "auditing" both.
     */
    static ChorusApplication application() {
        return new ChorusApplication("tallies", registry -> registry.register(counters()).register(seen()),
                Map.of("counting", registry -> registry.register(counters()),
                        "seeing", registry -> registry.register(seen()),
                        "auditing", registry -> registry.register(counters()).register(seen())));
    }

    /** Appends {@code count} events counting counters a, b and c up by 1, 2 and 3, in turn. */
    static void write(Path dir, int count) {
        try (var log = EmbeddedLog.open(LogConfig.of(dir, c -> c.fsync = FsyncPolicy.NEVER))) {
            append(log, count);
        }
    }

    static void append(EventStore log, int count) {
        for (int i = 0; i < count; i++) {
            var counted = new Counted(String.valueOf((char) ('a' + i % 3)), 1 + i % 3);
            log.append("tally-" + counted.counter(), ExpectedVersion.any(),
                    NewEvent.of(COUNTED, CODEC.encode(counted).data()));
        }
    }

    static long parse(byte[] bytes) {
        return Long.parseLong(new String(bytes, StandardCharsets.UTF_8));
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
