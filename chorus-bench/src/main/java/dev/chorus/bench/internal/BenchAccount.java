package dev.chorus.bench.internal;

import dev.chorus.core.EventType;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.codec.Codec;
import dev.chorus.core.codec.CodecFailure;
import dev.chorus.core.codec.EncodedEvent;
import dev.chorus.core.codec.EventCodec;
import dev.chorus.core.codec.UnknownEventType;
import dev.chorus.core.decider.CommandRejected;
import dev.chorus.core.decider.Decider;
import dev.chorus.core.decider.DeciderBinding;
import dev.chorus.core.decider.SnapshotPolicy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's domain, the same workload Axon was measured with: create an account, deposit a positive
 * amount into it. Its codecs are a few hand-written bytes, so the figures are about Chorus's command path
 * rather than a JSON library's.
 */
final class BenchAccount {
    private BenchAccount() {}

    sealed interface Command {
        String accountId();
    }

    record CreateAccount(String accountId) implements Command {}

    record Deposit(String accountId, long amount) implements Command {}

    sealed interface Event {}

    record AccountCreated(String accountId) implements Event {}

    record Deposited(long amount) implements Event {}

    /** {@code open} is false only before the account was created. */
    record State(boolean open, long balance) {}

    static final State NONE = new State(false, 0);

    static final class Refused extends CommandRejected {
        Refused(String reason, String message) {
            super(reason, message, Map.of());
        }
    }

    static final Decider<Command, State, Event> DECIDER = new Decider<>() {
        @Override
        public State initialState() {
            return NONE;
        }

        @Override
        public List<Event> decide(Command command, State state) {
            return switch (command) {
                case CreateAccount create -> {
                    if (state.open()) {
                        throw new Refused("account-exists", "account " + create.accountId() + " exists");
                    }
                    yield List.of(new AccountCreated(create.accountId()));
                }
                case Deposit deposit -> {
                    if (deposit.amount() <= 0) {
                        throw new Refused("invalid-amount", "an amount is above 0; got " + deposit.amount());
                    }
                    if (!state.open()) {
                        throw new Refused("no-such-account", "account " + deposit.accountId() + " does not exist");
                    }
                    yield List.of(new Deposited(deposit.amount()));
                }
            };
        }

        @Override
        public State evolve(State state, Event event) {
            return switch (event) {
                case AccountCreated created -> new State(true, 0);
                case Deposited deposited -> new State(state.open(), state.balance() + deposited.amount());
            };
        }
    };

    static final EventType CREATED = EventType.of("bench.AccountCreated", 1);
    static final EventType DEPOSITED = EventType.of("bench.Deposited", 1);

    static final EventCodec<Event> EVENTS = new EventCodec<>() {
        @Override
        public EncodedEvent encode(Event event) {
            return switch (event) {
                case AccountCreated created ->
                        new EncodedEvent(CREATED, created.accountId().getBytes(StandardCharsets.UTF_8));
                case Deposited deposited -> new EncodedEvent(DEPOSITED, longBytes(deposited.amount()));
            };
        }

        @Override
        public Event decode(RecordedEvent event) {
            String name = event.type().name();
            if (name.equals(DEPOSITED.name())) {
                if (event.dataSize() != 8) {
                    throw new CodecFailure(name, "expected 8 bytes, got " + event.dataSize(), null);
                }
                return new Deposited(event.dataView().getLong());
            }
            if (name.equals(CREATED.name())) {
                return new AccountCreated(new String(event.data(), StandardCharsets.UTF_8));
            }
            throw new UnknownEventType(event.type(), event.position());
        }

        @Override
        public boolean knows(String typeName) {
            return typeName.equals(CREATED.name()) || typeName.equals(DEPOSITED.name());
        }
    };

    static final Codec<State> STATE = new Codec<>() {
        @Override
        public byte[] encode(State state) {
            return ByteBuffer.allocate(9).put((byte) (state.open() ? 1 : 0)).putLong(state.balance()).array();
        }

        @Override
        public State decode(byte[] bytes) {
            if (bytes.length != 9) {
                throw new CodecFailure("bench account state", "expected 9 bytes, got " + bytes.length, null);
            }
            var buffer = ByteBuffer.wrap(bytes);
            return new State(buffer.get() == 1, buffer.getLong());
        }
    };

    static String streamOf(Command command) {
        return "account-" + command.accountId();
    }

    static DeciderBinding<Command, State, Event> binding() {
        return DeciderBinding.of(DECIDER, EVENTS, BenchAccount::streamOf);
    }

    static SnapshotPolicy<State> snapshotsEvery(int events) {
        return SnapshotPolicy.every("bench-account", events, STATE, 1);
    }

    private static byte[] longBytes(long value) {
        return ByteBuffer.allocate(8).putLong(value).array();
    }
}
