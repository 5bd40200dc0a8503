package dev.chorus.testkit.projection;

import dev.chorus.core.EventType;
import dev.chorus.core.NewEvent;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.codec.Codec;
import dev.chorus.core.codec.EncodedEvent;
import dev.chorus.core.codec.EventCodec;
import dev.chorus.core.codec.UnknownEventType;
import dev.chorus.core.projection.Projection;
import java.nio.charset.StandardCharsets;

/** A small event model for projection tests: named counters that are counted up and reset, stored as text. */
public final class Tally {
    public sealed interface Event {}

    public record Counted(String counter, int by) implements Event {}

    public record Reset(String counter) implements Event {}

    public static final EventType COUNTED = EventType.of("Counted", 1);
    public static final EventType RESET = EventType.of("Reset", 1);
    /** Another service's event: the codec does not know it, so projections skip it. */
    public static final EventType FOREIGN = EventType.of("ParcelShipped", 1);

    public static final EventCodec<Event> CODEC = new EventCodec<>() {
        @Override
        public EncodedEvent encode(Event event) {
            return switch (event) {
                case Counted c -> new EncodedEvent(COUNTED, utf8(c.counter() + " " + c.by()));
                case Reset r -> new EncodedEvent(RESET, utf8(r.counter()));
            };
        }

        @Override
        public Event decode(RecordedEvent event) {
            String text = new String(event.data(), StandardCharsets.UTF_8);
            return switch (event.type().name()) {
                case "Counted" -> {
                    int space = text.lastIndexOf(' ');
                    yield new Counted(text.substring(0, space), Integer.parseInt(text.substring(space + 1)));
                }
                case "Reset" -> new Reset(text);
                default -> throw new UnknownEventType(event.type(), event.position());
            };
        }

        @Override
        public boolean knows(String typeName) {
            return typeName.equals("Counted") || typeName.equals("Reset");
        }
    };

    public static final Codec<Long> LONG = new Codec<>() {
        @Override
        public byte[] encode(Long value) {
            return utf8(Long.toString(value));
        }

        @Override
        public Long decode(byte[] bytes) {
            return Long.parseLong(new String(bytes, StandardCharsets.UTF_8));
        }
    };

    private Tally() {}

    /** {@code count/<counter>} is the sum since the last reset; counting by a negative amount is refused. */
    public static Projection<Event> counters() {
        return Projection.of("counters", CODEC, (event, source, model) -> {
            switch (event) {
                case Counted c -> {
                    if (c.by() < 0) {
                        throw new IllegalArgumentException("counters only go up: " + c);
                    }
                    String key = "count/" + c.counter();
                    model.put(key, model.get(key, LONG).orElse(0L) + c.by(), LONG);
                }
                case Reset r -> model.delete("count/" + r.counter());
            }
        });
    }

    public static NewEvent foreign() {
        return NewEvent.of(FOREIGN, utf8("parcel-1"));
    }

    public static NewEvent stored(Event event) {
        var encoded = CODEC.encode(event);
        return NewEvent.of(encoded.type(), encoded.data());
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
