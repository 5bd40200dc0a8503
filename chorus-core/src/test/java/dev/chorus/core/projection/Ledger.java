package dev.chorus.core.projection;

import dev.chorus.core.EventType;
import dev.chorus.core.NewEvent;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.codec.Codec;
import dev.chorus.core.codec.CodecFailure;
import dev.chorus.core.codec.EncodedEvent;
import dev.chorus.core.codec.EventCodec;
import dev.chorus.core.codec.UnknownEventType;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/** A tiny event model for projection tests: accounts, deposits and closings, stored as readable text. */
final class Ledger {
    sealed interface Event {}

    record Deposited(String account, long amount) implements Event {}

    record Closed(String account) implements Event {}

    static final EventType DEPOSITED = EventType.of("Deposited", 1);
    static final EventType CLOSED = EventType.of("Closed", 1);
    /** A type the ledger's codec does not know: projections skip it. */
    static final EventType NEWSLETTER_SENT = EventType.of("NewsletterSent", 1);
    /** Known by name, but its bytes never decode. */
    static final EventType GARBLED = EventType.of("Garbled", 1);

    static final EventCodec<Event> CODEC = new EventCodec<>() {
        @Override
        public EncodedEvent encode(Event event) {
            return switch (event) {
                case Deposited d -> new EncodedEvent(DEPOSITED, utf8(d.account() + " " + d.amount()));
                case Closed c -> new EncodedEvent(CLOSED, utf8(c.account()));
            };
        }

        @Override
        public Event decode(RecordedEvent event) {
            String text = new String(event.data(), StandardCharsets.UTF_8);
            return switch (event.type().name()) {
                case "Deposited" -> {
                    int space = text.indexOf(' ');
                    yield new Deposited(text.substring(0, space), Long.parseLong(text.substring(space + 1)));
                }
                case "Closed" -> new Closed(text);
                case "Garbled" -> throw new CodecFailure("Garbled", "never decodes", new IllegalArgumentException(text));
                default -> throw new UnknownEventType(event.type(), event.position());
            };
        }

        @Override
        public boolean knows(String typeName) {
            return Set.of("Deposited", "Closed", "Garbled").contains(typeName);
        }
    };

    static final Codec<Long> LONG = new Codec<>() {
        @Override
        public byte[] encode(Long value) {
            return utf8(Long.toString(value));
        }

        @Override
        public Long decode(byte[] bytes) {
            return Long.parseLong(new String(bytes, StandardCharsets.UTF_8));
        }
    };

    private Ledger() {}

    static NewEvent deposited(String account, long amount) {
        return NewEvent.of(DEPOSITED, utf8(account + " " + amount));
    }

    static NewEvent closed(String account) {
        return NewEvent.of(CLOSED, utf8(account));
    }

    static NewEvent newsletter() {
        return NewEvent.of(NEWSLETTER_SENT, utf8("hello"));
    }

    static NewEvent garbled() {
        return NewEvent.of(GARBLED, utf8("?"));
    }

    /**
     * {@code balance/<account>} is the sum of its deposits; a deposit below zero is a bug the projection refuses;
     * closing an account deletes its row and keeps {@code closed/<account>}.
     */
    static Projection<Event> balances() {
        return Projection.of("balances", CODEC, (event, source, model) -> {
            switch (event) {
                case Deposited d -> {
                    if (d.amount() < 0) {
                        throw new IllegalArgumentException("a deposit is never negative: " + d);
                    }
                    String key = "balance/" + d.account();
                    model.put(key, model.get(key, LONG).orElse(0L) + d.amount(), LONG);
                }
                case Closed c -> {
                    model.delete("balance/" + c.account());
                    model.put("closed/" + c.account(), LONG.encode(source.position()));
                }
            }
        });
    }

    /** Counts how often each event id was applied, under {@code seen/<event id>}: exactly once, or a bug. */
    static Projection<Event> seen(String name) {
        return Projection.of(name, CODEC, (event, source, model) -> {
            String key = "seen/" + source.eventId();
            model.put(key, model.get(key, LONG).orElse(0L) + 1, LONG);
        });
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
