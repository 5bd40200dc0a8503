package dev.chorus.core.decider;

import dev.chorus.core.EventType;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.codec.Codec;
import dev.chorus.core.codec.CodecFailure;
import dev.chorus.core.codec.EncodedEvent;
import dev.chorus.core.codec.EventCodec;
import dev.chorus.core.codec.UnknownEventType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;

/** Hand-written codecs for the bank: the core has no JSON library, and these tests need none. */
final class BankCodecs {
    static final EventType OPENED = EventType.of("bank.AccountOpened", 1);
    static final EventType DEPOSITED = EventType.of("bank.Deposited", 1);
    static final EventType WITHDRAWN = EventType.of("bank.Withdrawn", 1);
    static final EventType CLOSED = EventType.of("bank.AccountClosed", 1);
    static final Set<String> TYPE_NAMES = Set.of(OPENED.name(), DEPOSITED.name(), WITHDRAWN.name(), CLOSED.name());

    private BankCodecs() {}

    static final EventCodec<Bank.Event> EVENTS = new EventCodec<>() {
        @Override
        public EncodedEvent encode(Bank.Event event) {
            return switch (event) {
                case Bank.Opened opened -> new EncodedEvent(OPENED, bytes(out -> {
                    out.writeUTF(opened.accountId());
                    out.writeUTF(opened.owner());
                }));
                case Bank.Deposited deposited -> new EncodedEvent(DEPOSITED, bytes(out -> out.writeLong(deposited.amount())));
                case Bank.Withdrawn withdrawn -> new EncodedEvent(WITHDRAWN, bytes(out -> out.writeLong(withdrawn.amount())));
                case Bank.Closed closed -> new EncodedEvent(CLOSED, new byte[0]);
            };
        }

        @Override
        public Bank.Event decode(RecordedEvent event) {
            try {
                var in = new DataInputStream(new ByteArrayInputStream(event.data()));
                return switch (event.type().name()) {
                    case "bank.AccountOpened" -> new Bank.Opened(in.readUTF(), in.readUTF());
                    case "bank.Deposited" -> new Bank.Deposited(in.readLong());
                    case "bank.Withdrawn" -> new Bank.Withdrawn(in.readLong());
                    case "bank.AccountClosed" -> new Bank.Closed();
                    default -> throw new UnknownEventType(event.type(), event.position());
                };
            } catch (IOException e) {
                throw new CodecFailure(event.type().toString(), "truncated data", e);
            }
        }

        @Override
        public boolean knows(String typeName) {
            return TYPE_NAMES.contains(typeName);
        }
    };

    static final Codec<Bank.State> STATE = new Codec<>() {
        @Override
        public byte[] encode(Bank.State state) {
            return bytes(out -> {
                switch (state) {
                    case Bank.None none -> out.writeByte(0);
                    case Bank.Active active -> {
                        out.writeByte(1);
                        out.writeUTF(active.owner());
                        out.writeLong(active.balance());
                    }
                    case Bank.Gone gone -> {
                        out.writeByte(2);
                        out.writeUTF(gone.owner());
                    }
                }
            });
        }

        @Override
        public Bank.State decode(byte[] bytes) {
            try {
                var in = new DataInputStream(new ByteArrayInputStream(bytes));
                return switch (in.readByte()) {
                    case 0 -> new Bank.None();
                    case 1 -> new Bank.Active(in.readUTF(), in.readLong());
                    case 2 -> new Bank.Gone(in.readUTF());
                    default -> throw new CodecFailure("bank state", "unknown tag", null);
                };
            } catch (IOException e) {
                throw new CodecFailure("bank state", "truncated data", e);
            }
        }
    };

    @FunctionalInterface
    interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    static byte[] bytes(Writer writer) {
        var buffer = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(buffer)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    static String streamOf(Bank.Command command) {
        return "account-" + command.accountId();
    }

    static DeciderBinding<Bank.Command, Bank.State, Bank.Event> binding() {
        return DeciderBinding.of(new Bank.Account(), EVENTS, BankCodecs::streamOf);
    }

    static SnapshotPolicy<Bank.State> snapshotsEvery(int events, int shapeVersion) {
        return SnapshotPolicy.every("account", events, STATE, shapeVersion);
    }
}
