package dev.chorus.bench.internal;

import dev.chorus.core.EventType;
import dev.chorus.core.NewEvent;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.codec.Codec;
import dev.chorus.core.codec.EncodedEvent;
import dev.chorus.core.codec.EventCodec;
import dev.chorus.core.codec.UnknownEventType;
import dev.chorus.core.projection.Projection;
import java.nio.ByteBuffer;

/**
 * What {@code bench replay} projects: deposits of 12 bytes (account, amount), folded into balance rows. The
 * projection does the work a real one does: decode each event, read its row, write it back.
 */
final class ReplayLedger {
    record Deposited(int account, long amount) {}

    static final EventType DEPOSITED = EventType.of("bench.Deposited", 1);

    static final EventCodec<Deposited> CODEC = new EventCodec<>() {
        @Override
        public EncodedEvent encode(Deposited event) {
            return new EncodedEvent(DEPOSITED, ByteBuffer.allocate(12).putInt(event.account())
                    .putLong(event.amount()).array());
        }

        @Override
        public Deposited decode(RecordedEvent event) {
            if (!event.type().name().equals(DEPOSITED.name())) {
                throw new UnknownEventType(event.type(), event.position());
            }
            var data = event.dataView();
            return new Deposited(data.getInt(), data.getLong());
        }

        @Override
        public boolean knows(String typeName) {
            return typeName.equals(DEPOSITED.name());
        }
    };

    static final Codec<Long> LONG = new Codec<>() {
        @Override
        public byte[] encode(Long value) {
            return ByteBuffer.allocate(8).putLong(value).array();
        }

        @Override
        public Long decode(byte[] bytes) {
            return ByteBuffer.wrap(bytes).getLong();
        }
    };

    private ReplayLedger() {}

    /** One balance row per account modulo {@code rows}: fewer rows, more events rewriting each row within a batch. */
    static Projection<Deposited> balances(String name, int rows) {
        return Projection.of(name, CODEC, (event, source, model) -> {
            String key = "balance/" + event.account() % rows;
            model.put(key, model.get(key, LONG).orElse(0L) + event.amount(), LONG);
        });
    }

    /** The {@code n}th event of the log: accounts in turn, amounts 1 to 100. */
    static NewEvent event(long n, int accounts) {
        var encoded = CODEC.encode(new Deposited((int) (n % accounts), 1 + n % 100));
        return NewEvent.of(encoded.type(), encoded.data());
    }

    /** What every balance adds up to after the first {@code events} events. */
    static long total(long events) {
        long full = events / 100;
        long rest = events % 100;
        return full * 5050 + rest * (rest + 1) / 2;
    }
}
