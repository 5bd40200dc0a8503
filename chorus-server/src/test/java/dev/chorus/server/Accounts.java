package dev.chorus.server;

import dev.chorus.core.codec.Codec;
import dev.chorus.core.decider.CommandRejected;
import dev.chorus.core.decider.Decider;
import dev.chorus.core.decider.DeciderBinding;
import dev.chorus.core.projection.Projection;
import dev.chorus.json.JsonEventCodec;
import java.nio.ByteBuffer;
import java.util.List;

/** A small test domain: accounts opened and deposited into, on streams {@code account-<id>}. */
final class Accounts {
    private Accounts() {}

    sealed interface Command {
        String id();
    }

    record Open(String id, String owner) implements Command {}

    record Deposit(String id, long amount) implements Command {}

    sealed interface Event {}

    record Opened(String id, String owner) implements Event {}

    record Deposited(String id, long amount) implements Event {}

    record Account(boolean open, String owner, long balance) {}

    static final class NoSuchAccount extends CommandRejected {
        NoSuchAccount(String id) {
            super("no-such-account", "account " + id + " is not open; open it first", java.util.Map.of("account", id));
        }
    }

    static final class Rules implements Decider<Command, Account, Event> {
        @Override
        public Account initialState() {
            return new Account(false, "", 0);
        }

        @Override
        public List<Event> decide(Command command, Account state) {
            return switch (command) {
                case Open open when state.open() -> List.of();
                case Open open -> List.of(new Opened(open.id(), open.owner()));
                case Deposit deposit when !state.open() -> throw new NoSuchAccount(deposit.id());
                case Deposit deposit -> List.of(new Deposited(deposit.id(), deposit.amount()));
            };
        }

        @Override
        public Account evolve(Account state, Event event) {
            return switch (event) {
                case Opened opened -> new Account(true, opened.owner(), 0);
                case Deposited deposited -> new Account(true, state.owner(), state.balance() + deposited.amount());
            };
        }
    }

    static final JsonEventCodec<Event> CODEC = JsonEventCodec.builder(Event.class)
            .register(Opened.class, "test.AccountOpened", 1)
            .register(Deposited.class, "test.Deposited", 1)
            .build();

    static final DeciderBinding<Command, Account, Event> BINDING =
            DeciderBinding.of(new Rules(), CODEC, command -> "account-" + command.id());

    static final Codec<Long> MONEY = new Codec<>() {
        @Override
        public byte[] encode(Long value) {
            return ByteBuffer.allocate(8).putLong(value).array();
        }

        @Override
        public Long decode(byte[] bytes) {
            return ByteBuffer.wrap(bytes).getLong();
        }
    };

    static final Projection<Event> BALANCES = Projection.of("balances", CODEC, (event, source, model) -> {
        switch (event) {
            case Opened opened -> model.put("balance/" + opened.id(), 0L, MONEY);
            case Deposited deposited -> model.put("balance/" + deposited.id(),
                    model.get("balance/" + deposited.id(), MONEY).orElse(0L) + deposited.amount(), MONEY);
        }
    });
}
