package dev.chorus.core.decider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.core.StoreLimits;
import dev.chorus.core.context.MessageContext;
import dev.chorus.core.handler.HandlerContext;
import dev.chorus.core.handler.HandlerRegistration;
import dev.chorus.core.handler.Handlers;
import dev.chorus.core.handler.RunningHandler;
import dev.chorus.core.memory.InMemoryEventStore;
import dev.chorus.core.memory.InMemoryStateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * A handler's commands run through {@link CommandLoop#handle(Object, HandlerContext)} queue their appends, and
 * the runner waits for them before its checkpoint passes their events. The fee handler here charges the "fees"
 * account 1 for every deposit into account a1; deposits are not idempotent, so a fee charged twice shows.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class QueuedReactionsTest {
    private static final MessageContext ROOT = MessageContext.root();

    private final TestClock clock = new TestClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final InMemoryEventStore store = new InMemoryEventStore(clock, StoreLimits.DEFAULT);
    private final Handlers handlers = Handlers.create(store, new InMemoryStateStore(), c -> c.clock(clock)
            .sleeper(new RecordingSleeper()));
    private final CommandLoop<Bank.Command, Bank.State, Bank.Event> loop = CommandLoop.create(store,
            BankCodecs.binding(), c -> {
                c.clock = clock;
                c.sleeper = new RecordingSleeper();
                c.stateCache = 16;
            });
    /** Per delivery of a deposit into a1: whether its context let the command queue its append. */
    private final List<Boolean> deliveries = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        handlers.close();
        store.close();
    }

    private RunningHandler startFeeHandler() {
        return handlers.start(HandlerRegistration.of("fees", BankCodecs.EVENTS, (Bank.Event event, HandlerContext context) -> {
            if (event instanceof Bank.Deposited && context.event().streamId().equals("account-a1")) {
                deliveries.add(context.queuesAppends());
                loop.handle(new Bank.Deposit("fees", 1), context);
            }
        }));
    }

    private void awaitCaughtUp(RunningHandler handler) throws InterruptedException {
        // the fees the handler appends move the head too: wait until it has been through all of them
        long head;
        do {
            head = store.headPosition();
            assertThat(handler.awaitPosition(head, Duration.ofSeconds(30))).as("caught up with %d", head).isTrue();
        } while (store.headPosition() != head);
    }

    private void givenTheFeesAccountAndDepositsIntoA1(int deposits) {
        loop.handle(new Bank.Open("fees", "the bank"), ROOT);
        loop.handle(new Bank.Open("a1", "Ada"), ROOT);
        for (int i = 0; i < deposits; i++) {
            loop.handle(new Bank.Deposit("a1", 10), ROOT);
        }
    }

    private long feesBalance() {
        return ((Bank.Active) loop.load("account-fees").state()).balance();
    }

    @Test
    void given_deposits_in_the_log_when_the_fee_handler_catches_up_then_each_is_charged_once_through_a_queued_append()
            throws Exception {
        givenTheFeesAccountAndDepositsIntoA1(5);

        awaitCaughtUp(startFeeHandler());

        assertThat(feesBalance()).isEqualTo(5);
        assertThat(deliveries).containsExactly(true, true, true, true, true);
    }

    @Test
    void given_a_rival_write_the_cached_state_missed_then_only_the_refused_reaction_is_handled_again_and_each_fee_lands_once()
            throws Exception {
        givenTheFeesAccountAndDepositsIntoA1(3);
        // around the loop, so the state it keeps for "fees" is one version behind: the first queued fee is refused
        var rival = BankCodecs.EVENTS.encode(new Bank.Deposited(100));
        store.append("account-fees", ExpectedVersion.any(), NewEvent.of(rival.type(), rival.data()));

        var handler = startFeeHandler();
        awaitCaughtUp(handler);

        assertThat(feesBalance()).as("the rival's 100 and three fees, none charged twice").isEqualTo(103);
        assertThat(deliveries).as("three queued deliveries, then the refused one again, waiting for its append")
                .containsExactly(true, true, true, false);
        assertThat(handler.position()).isEqualTo(store.headPosition());
    }

    @Test
    void given_rival_writes_to_two_charged_accounts_then_both_refused_reactions_are_handled_again_and_the_checkpoint_waits_for_both()
            throws Exception {
        loop.handle(new Bank.Open("fees", "the bank"), ROOT);
        loop.handle(new Bank.Open("levy", "the state"), ROOT);
        loop.handle(new Bank.Open("a1", "Ada"), ROOT);
        loop.handle(new Bank.Open("a2", "Bob"), ROOT);
        loop.handle(new Bank.Deposit("a1", 10), ROOT);
        loop.handle(new Bank.Deposit("a2", 10), ROOT);
        // the loop's cached states of both charged accounts are now a version behind
        var rival = BankCodecs.EVENTS.encode(new Bank.Deposited(100));
        store.append("account-fees", ExpectedVersion.any(), NewEvent.of(rival.type(), rival.data()));
        store.append("account-levy", ExpectedVersion.any(), NewEvent.of(rival.type(), rival.data()));
        var charged = new CopyOnWriteArrayList<String>();

        var handler = handlers.start(HandlerRegistration.of("charges", BankCodecs.EVENTS,
                (Bank.Event event, HandlerContext context) -> {
                    String from = context.event().streamId();
                    if (event instanceof Bank.Deposited && (from.equals("account-a1") || from.equals("account-a2"))) {
                        String account = from.equals("account-a1") ? "fees" : "levy";
                        charged.add(account + (context.queuesAppends() ? " queued" : " waited"));
                        loop.handle(new Bank.Deposit(account, 1), context);
                    }
                }));
        awaitCaughtUp(handler);

        assertThat(((Bank.Active) loop.load("account-fees").state()).balance()).isEqualTo(101);
        assertThat(((Bank.Active) loop.load("account-levy").state()).balance()).isEqualTo(101);
        assertThat(charged).as("both refused, both handled again, in order")
                .containsExactly("fees queued", "levy queued", "fees waited", "levy waited");
        assertThat(handler.position()).isEqualTo(store.headPosition());
    }

    @Test
    void a_plain_command_after_the_reactions_decides_on_the_state_their_queued_appends_left() throws Exception {
        givenTheFeesAccountAndDepositsIntoA1(1);
        awaitCaughtUp(startFeeHandler());

        var withdrawn = loop.handle(new Bank.Withdraw("fees", 1), ROOT);

        assertThat(withdrawn.state()).isEqualTo(new Bank.Active("the bank", 0));
        assertThat(withdrawn.version()).isEqualTo(2);
    }
}
