package dev.chorus.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.codec.Codec;
import dev.chorus.core.context.MessageContext;
import dev.chorus.core.decider.CommandLoop;
import dev.chorus.core.decider.CommandRejected;
import dev.chorus.core.decider.CommandResult;
import dev.chorus.core.decider.Decider;
import dev.chorus.core.decider.DeciderBinding;
import dev.chorus.core.decider.TimeTravel;
import dev.chorus.core.handler.DeadLetters;
import dev.chorus.core.handler.HandlerConfig;
import dev.chorus.core.handler.HandlerRegistration;
import dev.chorus.core.handler.Handlers;
import dev.chorus.core.lineage.LineageEdge;
import dev.chorus.core.lineage.LineageIndex;
import dev.chorus.core.projection.Projection;
import dev.chorus.core.projection.ProjectionConfig;
import dev.chorus.core.projection.ProjectionRunner;
import dev.chorus.json.JsonEventCodec;
import dev.chorus.log.state.EmbeddedStateStore;
import dev.chorus.log.state.StateStoreConfig;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The programming model on the real components, end to end: a decider behind the command loop, a projection
 * with read-your-writes, a handler whose appends inherit correlation and causation, lineage and time travel,
 * all on the embedded log and the embedded state store, across a restart.
 */
class ProgrammingModelOnTheLogTest {
    sealed interface AccountCommand {
        String id();
    }

    record Open(String id, String owner) implements AccountCommand {}

    record Deposit(String id, long amount) implements AccountCommand {}

    sealed interface AccountEvent {}

    record Opened(String id, String owner) implements AccountEvent {}

    record Deposited(String id, long amount) implements AccountEvent {}

    record LargeDepositFlagged(String id, long amount) implements AccountEvent {}

    record Account(boolean open, long balance) {}

    static final class Refused extends CommandRejected {
        Refused(String reason, String message) {
            super(reason, message);
        }
    }

    static final class Accounts implements Decider<AccountCommand, Account, AccountEvent> {
        @Override
        public Account initialState() {
            return new Account(false, 0);
        }

        @Override
        public List<AccountEvent> decide(AccountCommand command, Account state) {
            return switch (command) {
                case Open open when state.open() -> List.of();
                case Open open -> List.of(new Opened(open.id(), open.owner()));
                case Deposit deposit when !state.open() -> throw new Refused("no-account", "open the account first");
                case Deposit deposit when deposit.amount() <= 0 -> throw new Refused("bad-amount", "deposit > 0");
                case Deposit deposit -> List.of(new Deposited(deposit.id(), deposit.amount()));
            };
        }

        @Override
        public Account evolve(Account state, AccountEvent event) {
            return switch (event) {
                case Opened opened -> new Account(true, 0);
                case Deposited deposited -> new Account(true, state.balance() + deposited.amount());
                case LargeDepositFlagged flagged -> state;
            };
        }
    }

    static final JsonEventCodec<AccountEvent> CODEC = JsonEventCodec.builder(AccountEvent.class)
            .register(Opened.class, "bank.AccountOpened", 1)
            .register(Deposited.class, "bank.Deposited", 1)
            .register(LargeDepositFlagged.class, "bank.LargeDepositFlagged", 1)
            .build();

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

    static final Projection<AccountEvent> BALANCES = Projection.of("balances", CODEC, (event, source, model) -> {
        switch (event) {
            case Opened opened -> model.put("balance/" + opened.id(), 0L, MONEY);
            case Deposited deposited -> model.put("balance/" + deposited.id(),
                    model.get("balance/" + deposited.id(), MONEY).orElse(0L) + deposited.amount(), MONEY);
            case LargeDepositFlagged flagged -> model.put("flagged/" + flagged.id(), 1L, MONEY);
        }
    });

    static final HandlerRegistration<AccountEvent> AUDITOR = HandlerRegistration.of("auditor", CODEC,
            (AccountEvent event, dev.chorus.core.handler.HandlerContext context) -> {
                if (event instanceof Deposited deposited && deposited.amount() >= 1_000) {
                    context.append("audit-" + deposited.id(), ExpectedVersion.any(), CODEC,
                            List.of(new LargeDepositFlagged(deposited.id(), deposited.amount())));
                }
            }).idempotent();

    @TempDir
    Path dir;

    private Service service;

    /** One service's wiring: what an application builds at start-up. */
    private final class Service implements AutoCloseable {
        final EmbeddedLog log = EmbeddedLog.open(LogConfig.of(dir, c -> c.segmentBytes = 16 << 10));
        final EmbeddedStateStore state = EmbeddedStateStore.open(StateStoreConfig.besideLog(dir));
        final DeciderBinding<AccountCommand, Account, AccountEvent> accounts =
                DeciderBinding.of(new Accounts(), CODEC, AccountCommand::id);
        final CommandLoop<AccountCommand, Account, AccountEvent> commands = CommandLoop.create(log, accounts, c -> { });
        final ProjectionRunner<AccountEvent> balances =
                ProjectionRunner.create(log, state, BALANCES, ProjectionConfig.DEFAULT);
        final Handlers handlers = new Handlers(log, state, new DeadLetters(state, Clock.systemUTC()),
                HandlerConfig.defaults());
        final LineageIndex lineage = LineageIndex.open(log, state);

        Service() {
            balances.start();
            handlers.start(AUDITOR);
            lineage.start();
        }

        CommandResult<Account, AccountEvent> handle(AccountCommand command, String requestId) {
            return commands.handle(command, MessageContext.correlatedBy(requestId));
        }

        long balance(CommandResult<?, ?> after, String account) throws InterruptedException {
            balances.awaitPosition(after.position(), Duration.ofSeconds(30));
            return balances.view().get("balance/" + account, MONEY).orElseThrow();
        }

        @Override
        public void close() {
            lineage.close();
            handlers.close();
            balances.close();
            state.close();
            log.close();
        }
    }

    @AfterEach
    void close() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void commands_read_models_handlers_lineage_and_time_travel_work_together_and_survive_a_restart()
            throws Exception {
        service = new Service();
        service.handle(new Open("a-1", "Ada"), "req-1");
        var small = service.handle(new Deposit("a-1", 500), "req-2");
        var large = service.handle(new Deposit("a-1", 2_000), "req-3");

        // read-your-writes: the projection has seen the command's events when the caller asks
        assertThat(service.balance(large, "a-1")).isEqualTo(2_500);
        assertThat(large.state()).isEqualTo(new Account(true, 2_500));

        // the handler's append inherits the request's correlation and is caused by the deposit it handled
        RecordedEvent flagged = awaitOneEvent(service.log, "audit-a-1");
        RecordedEvent deposited = service.log.readStream("a-1").getLast();
        assertThat(CODEC.decode(flagged)).isEqualTo(new LargeDepositFlagged("a-1", 2_000));
        assertThat(flagged.correlationId()).isEqualTo("req-3");
        assertThat(flagged.causationId()).isEqualTo(deposited.eventId());

        // lineage: the request's conversation is the deposit and the flag it caused
        service.lineage.catchUp();
        var graph = service.lineage.graph("req-3");
        assertThat(graph.nodes()).extracting(node -> node.type().name())
                .containsExactly("bank.Deposited", "bank.LargeDepositFlagged");
        assertThat(graph.edges()).containsExactly(new LineageEdge(deposited.eventId(), flagged.eventId()));

        // time travel: the account as it was when the first deposit was written
        var then = TimeTravel.over(service.log, service.accounts).stateAt("a-1", small.position());
        assertThat(then.state()).isEqualTo(new Account(true, 500));

        // a refused command writes nothing
        long head = service.log.headPosition();
        assertThatThrownBy(() -> service.handle(new Deposit("a-1", -5), "req-4")).isInstanceOf(Refused.class);
        assertThat(service.log.headPosition()).isEqualTo(head);

        // restart on the same directory: read models resume from their checkpoints, nothing is applied twice
        service.close();
        service = new Service();
        var afterRestart = service.handle(new Deposit("a-1", 100), "req-5");
        assertThat(service.balance(afterRestart, "a-1")).isEqualTo(2_600);
        assertThat(service.log.readStream("audit-a-1")).hasSize(1);
        assertThat(service.balances.view().get("flagged/a-1", MONEY)).contains(1L);
    }

    private static RecordedEvent awaitOneEvent(EmbeddedLog log, String stream) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (log.streamVersion(stream) < 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no event in " + stream + " within 30 s");
            }
            Thread.sleep(5);
        }
        var events = log.readStream(stream);
        assertThat(events).hasSize(1);
        return events.getFirst();
    }
}
