package dev.chorus.core.decider;

import java.util.List;
import java.util.Map;

/** The example domain of these tests: a bank account, as a decider that knows nothing of Chorus's storage. */
final class Bank {
    private Bank() {}

    sealed interface Command {
        String accountId();
    }

    record Open(String accountId, String owner) implements Command {}

    record Deposit(String accountId, long amount) implements Command {}

    record Withdraw(String accountId, long amount) implements Command {}

    record Close(String accountId) implements Command {}

    sealed interface Event {}

    record Opened(String accountId, String owner) implements Event {}

    record Deposited(long amount) implements Event {}

    record Withdrawn(long amount) implements Event {}

    record Closed() implements Event {}

    sealed interface State {}

    record None() implements State {}

    record Active(String owner, long balance) implements State {}

    record Gone(String owner) implements State {}

    static final class NoSuchAccount extends CommandRejected {
        NoSuchAccount(String accountId) {
            super("no-such-account", "account " + accountId + " does not exist; open it first",
                    Map.of("account", accountId));
        }
    }

    static final class AlreadyOpen extends CommandRejected {
        AlreadyOpen(String accountId) {
            super("already-open", "account " + accountId + " is already open", Map.of("account", accountId));
        }
    }

    static final class InvalidAmount extends CommandRejected {
        final long amount;

        InvalidAmount(long amount) {
            super("invalid-amount", "an amount is above 0; got " + amount, Map.of("amount", Long.toString(amount)));
            this.amount = amount;
        }
    }

    static final class InsufficientFunds extends CommandRejected {
        final long balance;
        final long requested;

        InsufficientFunds(long balance, long requested) {
            super("insufficient-funds", "the balance is " + balance + ", below the " + requested + " asked for",
                    Map.of("balance", Long.toString(balance), "requested", Long.toString(requested)));
            this.balance = balance;
            this.requested = requested;
        }
    }

    static final class NotEmpty extends CommandRejected {
        NotEmpty(long balance) {
            super("not-empty", "an account is closed at a balance of 0; it holds " + balance,
                    Map.of("balance", Long.toString(balance)));
        }
    }

    static final class Account implements Decider<Command, State, Event> {
        @Override
        public State initialState() {
            return new None();
        }

        @Override
        public List<Event> decide(Command command, State state) {
            return switch (command) {
                case Open open -> switch (state) {
                    case None none -> List.of(new Opened(open.accountId(), open.owner()));
                    case Active active -> throw new AlreadyOpen(open.accountId());
                    case Gone gone -> throw new AlreadyOpen(open.accountId());
                };
                case Deposit deposit -> {
                    positive(deposit.amount());
                    active(state, deposit.accountId());
                    yield List.of(new Deposited(deposit.amount()));
                }
                case Withdraw withdraw -> {
                    positive(withdraw.amount());
                    long balance = active(state, withdraw.accountId()).balance();
                    if (balance < withdraw.amount()) {
                        throw new InsufficientFunds(balance, withdraw.amount());
                    }
                    yield List.of(new Withdrawn(withdraw.amount()));
                }
                case Close close -> switch (state) {
                    // Closing twice changes nothing: the second answer is "no events", not an error.
                    case Gone gone -> List.of();
                    case None none -> throw new NoSuchAccount(close.accountId());
                    case Active active when active.balance() != 0 -> throw new NotEmpty(active.balance());
                    case Active active -> List.of(new Closed());
                };
            };
        }

        @Override
        public State evolve(State state, Event event) {
            return switch (event) {
                case Opened opened -> new Active(opened.owner(), 0);
                case Deposited deposited -> credit(state, deposited.amount());
                case Withdrawn withdrawn -> credit(state, -withdrawn.amount());
                case Closed closed -> new Gone(state instanceof Active active ? active.owner() : "");
            };
        }

        @Override
        public boolean isTerminal(State state) {
            return state instanceof Gone;
        }

        private static State credit(State state, long amount) {
            return state instanceof Active active ? new Active(active.owner(), active.balance() + amount) : state;
        }

        private static void positive(long amount) {
            if (amount <= 0) {
                throw new InvalidAmount(amount);
            }
        }

        private static Active active(State state, String accountId) {
            if (state instanceof Active active) {
                return active;
            }
            throw new NoSuchAccount(accountId);
        }
    }
}
