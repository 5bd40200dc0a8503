package dev.chorus.testkit.decider;

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
import java.util.Set;

/** The example decider of these tests: a bank account, with hand-written codecs for its events and state. */
final class Accounts {
    private Accounts() {}

    sealed interface Command {
        String accountId();
    }

    record CreateAccount(String accountId, String owner) implements Command {}

    record Deposit(String accountId, long amount) implements Command {}

    record Withdraw(String accountId, long amount) implements Command {}

    record CloseAccount(String accountId) implements Command {}

    sealed interface Event {}

    record AccountCreated(String accountId, String owner) implements Event {}

    record Deposited(long amount) implements Event {}

    record Withdrawn(long amount) implements Event {}

    record AccountClosed() implements Event {}

    sealed interface State {}

    record NoAccount() implements State {}

    record Open(String owner, long balance) implements State {}

    record Closed() implements State {}

    static final class NoSuchAccount extends CommandRejected {
        NoSuchAccount(String accountId) {
            super("no-such-account", "account " + accountId + " does not exist", Map.of("account", accountId));
        }
    }

    static final class AccountExists extends CommandRejected {
        AccountExists(String accountId) {
            super("account-exists", "account " + accountId + " already exists", Map.of("account", accountId));
        }
    }

    static final class InvalidAmount extends CommandRejected {
        InvalidAmount(long amount) {
            super("invalid-amount", "an amount is above 0; got " + amount, Map.of("amount", Long.toString(amount)));
        }
    }

    static final class InsufficientFunds extends CommandRejected {
        private final long balance;

        InsufficientFunds(long balance, long requested) {
            super("insufficient-funds", "balance " + balance + " is below " + requested,
                    Map.of("balance", Long.toString(balance), "requested", Long.toString(requested)));
            this.balance = balance;
        }

        long balance() {
            return balance;
        }
    }

    static final class Decide implements Decider<Command, State, Event> {
        @Override
        public State initialState() {
            return new NoAccount();
        }

        @Override
        public List<Event> decide(Command command, State state) {
            return switch (command) {
                case CreateAccount create -> {
                    if (!(state instanceof NoAccount)) {
                        throw new AccountExists(create.accountId());
                    }
                    yield List.of(new AccountCreated(create.accountId(), create.owner()));
                }
                case Deposit deposit -> {
                    positive(deposit.amount());
                    open(state, deposit.accountId());
                    yield List.of(new Deposited(deposit.amount()));
                }
                case Withdraw withdraw -> {
                    positive(withdraw.amount());
                    long balance = open(state, withdraw.accountId()).balance();
                    if (balance < withdraw.amount()) {
                        throw new InsufficientFunds(balance, withdraw.amount());
                    }
                    yield List.of(new Withdrawn(withdraw.amount()));
                }
                case CloseAccount close -> {
                    // Closing twice changes nothing: the repeat is answered with no events, not an error.
                    if (state instanceof Closed) {
                        yield List.of();
                    }
                    open(state, close.accountId());
                    yield List.of(new AccountClosed());
                }
            };
        }

        @Override
        public State evolve(State state, Event event) {
            return switch (event) {
                case AccountCreated created -> new Open(created.owner(), 0);
                case Deposited deposited -> state instanceof Open open
                        ? new Open(open.owner(), open.balance() + deposited.amount()) : state;
                case Withdrawn withdrawn -> state instanceof Open open
                        ? new Open(open.owner(), open.balance() - withdrawn.amount()) : state;
                case AccountClosed closed -> new Closed();
            };
        }

        @Override
        public boolean isTerminal(State state) {
            return state instanceof Closed;
        }

        private static void positive(long amount) {
            if (amount <= 0) {
                throw new InvalidAmount(amount);
            }
        }

        private static Open open(State state, String accountId) {
            if (state instanceof Open open) {
                return open;
            }
            throw new NoSuchAccount(accountId);
        }
    }

    static final EventType CREATED = EventType.of("account.AccountCreated", 1);
    static final EventType DEPOSITED = EventType.of("account.Deposited", 1);
    static final EventType WITHDRAWN = EventType.of("account.Withdrawn", 1);
    static final EventType CLOSED = EventType.of("account.AccountClosed", 1);

    /** Text fields separated by a newline, numbers as 8 bytes: enough for these records. */
    static final EventCodec<Event> EVENTS = new EventCodec<>() {
        private final Set<String> names = Set.of(CREATED.name(), DEPOSITED.name(), WITHDRAWN.name(), CLOSED.name());

        @Override
        public EncodedEvent encode(Event event) {
            return switch (event) {
                case AccountCreated created -> new EncodedEvent(CREATED,
                        (created.accountId() + "\n" + created.owner()).getBytes(StandardCharsets.UTF_8));
                case Deposited deposited -> new EncodedEvent(DEPOSITED, longBytes(deposited.amount()));
                case Withdrawn withdrawn -> new EncodedEvent(WITHDRAWN, longBytes(withdrawn.amount()));
                case AccountClosed closed -> new EncodedEvent(CLOSED, new byte[0]);
            };
        }

        @Override
        public Event decode(RecordedEvent event) {
            return switch (event.type().name()) {
                case "account.AccountCreated" -> {
                    String[] fields = new String(event.data(), StandardCharsets.UTF_8).split("\n", 2);
                    yield new AccountCreated(fields[0], fields[1]);
                }
                case "account.Deposited" -> new Deposited(ByteBuffer.wrap(event.data()).getLong());
                case "account.Withdrawn" -> new Withdrawn(ByteBuffer.wrap(event.data()).getLong());
                case "account.AccountClosed" -> new AccountClosed();
                default -> throw new UnknownEventType(event.type(), event.position());
            };
        }

        @Override
        public boolean knows(String typeName) {
            return names.contains(typeName);
        }
    };

    static final Codec<State> STATE = new Codec<>() {
        @Override
        public byte[] encode(State state) {
            return switch (state) {
                case NoAccount none -> new byte[] {0};
                case Closed closed -> new byte[] {2};
                case Open open -> {
                    byte[] owner = open.owner().getBytes(StandardCharsets.UTF_8);
                    yield ByteBuffer.allocate(1 + 8 + owner.length).put((byte) 1).putLong(open.balance()).put(owner)
                            .array();
                }
            };
        }

        @Override
        public State decode(byte[] bytes) {
            return switch (bytes.length == 0 ? -1 : bytes[0]) {
                case 0 -> new NoAccount();
                case 2 -> new Closed();
                case 1 -> {
                    var buffer = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
                    long balance = buffer.getLong();
                    yield new Open(new String(bytes, 9, bytes.length - 9, StandardCharsets.UTF_8), balance);
                }
                default -> throw new CodecFailure("account state", "unknown tag", null);
            };
        }
    };

    static byte[] longBytes(long value) {
        return ByteBuffer.allocate(8).putLong(value).array();
    }

    static DeciderBinding<Command, State, Event> binding() {
        return DeciderBinding.of(new Decide(), EVENTS, command -> "account-" + command.accountId());
    }

    static SnapshotPolicy<State> snapshotsEvery(int events) {
        return SnapshotPolicy.every("account", events, STATE, 1);
    }
}
