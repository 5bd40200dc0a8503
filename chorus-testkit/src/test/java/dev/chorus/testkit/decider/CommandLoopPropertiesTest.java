package dev.chorus.testkit.decider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.RecordedEvent;
import dev.chorus.core.StoreLimits;
import dev.chorus.core.context.MessageContext;
import dev.chorus.core.decider.CommandLoop;
import dev.chorus.core.decider.CommandRejected;
import dev.chorus.core.decider.TimeTravel;
import dev.chorus.core.memory.InMemoryEventStore;
import dev.chorus.core.memory.InMemoryStateStore;
import dev.chorus.testkit.MutableClock;
import dev.chorus.testkit.property.Gen;
import dev.chorus.testkit.property.PropertyCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * The command loop against the decider's own arithmetic, over random command sequences on a few accounts:
 * whatever the snapshot interval, loading gives the state the spec folds from the stored events, and time
 * travel gives the fold of every prefix.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CommandLoopPropertiesTest {
    static final MessageContext ROOT = MessageContext.root();

    record Scenario(int snapshotEvery, List<Accounts.Command> commands) {}

    static final Gen<String> ACCOUNTS = Gen.oneOf("a", "b", "c");

    static final Gen<Accounts.Command> COMMANDS = Gen.frequencyOf(
            ACCOUNTS.map(id -> new Accounts.CreateAccount(id, "owner-" + id)),
            Gen.combine(ACCOUNTS, Gen.longs(-2, 40), Accounts.Deposit::new),
            Gen.combine(ACCOUNTS, Gen.longs(-2, 40), Accounts.Deposit::new),
            Gen.combine(ACCOUNTS, Gen.longs(-2, 60), Accounts.Withdraw::new),
            random -> random.nextInt(12) == 0 ? new Accounts.CloseAccount(ACCOUNTS.next(random))
                    : new Accounts.Deposit(ACCOUNTS.next(random), 1));

    static final Gen<Scenario> SCENARIOS = Gen.combine(Gen.ints(1, 7), COMMANDS.list(0, 60), Scenario::new);

    private final DeciderSpec<Accounts.Command, Accounts.State, Accounts.Event> spec =
            DeciderSpec.of(new Accounts.Decide());

    @Test
    void loading_with_snapshots_gives_the_state_the_stored_events_fold_to() {
        PropertyCheck.forAll(150, SCENARIOS, scenario -> {
            try (var store = new InMemoryEventStore(); var states = new InMemoryStateStore()) {
                var loop = CommandLoop.create(store, Accounts.binding()
                        .withSnapshots(Accounts.snapshotsEvery(scenario.snapshotEvery())), c -> c.snapshotStore = states);
                var accepted = new HashMap<String, Integer>();
                for (var command : scenario.commands()) {
                    try {
                        var result = loop.handle(command, ROOT);
                        accepted.merge(result.streamId(), result.events().size(), Integer::sum);
                    } catch (CommandRejected refused) {
                        // part of the sample: refusals write nothing, checked below through the event counts
                    }
                }
                long stored = 0;
                for (String id : List.of("a", "b", "c")) {
                    String stream = "account-" + id;
                    var events = store.readStream(stream).stream().map(Accounts.EVENTS::decode).toList();
                    assertThat(events).as("events of %s", stream).hasSize(accepted.getOrDefault(stream, 0));
                    assertThat(loop.load(stream).state()).as("state of %s", stream)
                            .isEqualTo(spec.given(events).state());
                    stored += events.size();
                }
                assertThat(store.headPosition()).as("the log holds only the accepted events").isEqualTo(stored);
            }
        });
    }

    @Test
    void balances_never_go_below_zero_and_equal_deposits_less_withdrawals() {
        PropertyCheck.forAll(150, SCENARIOS, scenario -> {
            try (var store = new InMemoryEventStore()) {
                var loop = CommandLoop.create(store, Accounts.binding(), c -> {});
                Map<String, Long> expected = new HashMap<>();
                for (var command : scenario.commands()) {
                    try {
                        var result = loop.handle(command, ROOT);
                        for (var event : result.events()) {
                            switch (event) {
                                case Accounts.Deposited d -> expected.merge(command.accountId(), d.amount(), Long::sum);
                                case Accounts.Withdrawn w -> expected.merge(command.accountId(), -w.amount(), Long::sum);
                                default -> {}
                            }
                        }
                        if (result.state() instanceof Accounts.Open open) {
                            assertThat(open.balance()).isNotNegative()
                                    .isEqualTo(expected.getOrDefault(command.accountId(), 0L));
                        }
                    } catch (CommandRejected refused) {
                        // refused commands change no balance
                    }
                }
            }
        });
    }

    @Test
    void time_travel_to_any_position_or_instant_folds_exactly_the_events_up_to_it() {
        PropertyCheck.forAll(60, COMMANDS.list(1, 40), commands -> {
            var clock = MutableClock.at(Instant.parse("2026-05-01T00:00:00Z"));
            try (var store = new InMemoryEventStore(clock, StoreLimits.DEFAULT)) {
                var loop = CommandLoop.create(store, Accounts.binding(), c -> c.clock = clock);
                for (var command : commands) {
                    clock.advance(Duration.ofSeconds(1));
                    try {
                        loop.handle(command, ROOT);
                    } catch (CommandRejected refused) {
                        // only accepted commands leave events to travel through
                    }
                }
                var travel = TimeTravel.over(store, Accounts.binding());
                List<RecordedEvent> all = store.readAll(0, 1000);
                for (var recorded : all) {
                    String stream = recorded.streamId();
                    var prefix = store.readStream(stream).stream().filter(e -> e.position() <= recorded.position())
                            .map(Accounts.EVENTS::decode).toList();
                    var expected = spec.given(prefix).state();
                    assertThat(travel.stateAt(stream, recorded.position()).state()).as("at position %d",
                            recorded.position()).isEqualTo(expected);
                    assertThat(travel.stateAt(stream, recorded.recordedAt()).state()).as("at %s",
                            recorded.recordedAt()).isEqualTo(expected);
                }
            }
        });
    }
}
