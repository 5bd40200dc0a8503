package dev.chorus.core.decider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.RecordedEvent;
import dev.chorus.core.StoreLimits;
import dev.chorus.core.context.MessageContext;
import dev.chorus.core.decider.internal.Snapshots;
import dev.chorus.core.memory.InMemoryEventStore;
import dev.chorus.core.memory.InMemoryStateStore;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SnapshotTest {
    static final MessageContext ROOT = MessageContext.root();
    static final String STREAM = "account-a1";

    private final InMemoryEventStore store = new InMemoryEventStore(new TestClock(Instant.parse("2026-03-01T10:00:00Z")),
            StoreLimits.DEFAULT);
    private final FaultyStateStore states = new FaultyStateStore();

    @AfterEach
    void close_the_store() {
        store.close();
    }

    private CommandLoop<Bank.Command, Bank.State, Bank.Event> loopWith(SnapshotPolicy<Bank.State> policy) {
        return CommandLoop.create(store, BankCodecs.binding().withSnapshots(policy), c -> c.snapshotStore = states);
    }

    private final CommandLoop<Bank.Command, Bank.State, Bank.Event> noSnapshots =
            CommandLoop.create(store, BankCodecs.binding(), c -> {});

    /** Opens a1 and deposits 1, 2, 3, ... so that the stream holds {@code events} events in all. */
    private List<CommandResult<Bank.State, Bank.Event>> history(CommandLoop<Bank.Command, Bank.State, Bank.Event> loop,
                                                                int events) {
        var results = new ArrayList<CommandResult<Bank.State, Bank.Event>>();
        results.add(loop.handle(new Bank.Open("a1", "Ada"), ROOT));
        for (int i = 1; i < events; i++) {
            results.add(loop.handle(new Bank.Deposit("a1", i), ROOT));
        }
        return results;
    }

    /** A snapshot written by hand, with whatever state and header the test wants the loader to meet. */
    private void forge(int shapeVersion, Bank.State state, long version, long position) {
        new Snapshots<>(states, BankCodecs.snapshotsEvery(1, shapeVersion))
                .save(new StreamState<>(STREAM, state, version, position));
    }

    @Nested
    class Taking_them {
        @Test
        void a_snapshot_is_written_each_time_an_append_crosses_a_multiple_of_the_interval() {
            var results = history(loopWith(BankCodecs.snapshotsEvery(3, 1)), 7);

            assertThat(results).extracting(CommandResult::snapshot).containsExactly(SnapshotOutcome.NOT_DUE,
                    SnapshotOutcome.NOT_DUE, new SnapshotOutcome.Written(2), SnapshotOutcome.NOT_DUE,
                    SnapshotOutcome.NOT_DUE, new SnapshotOutcome.Written(5), SnapshotOutcome.NOT_DUE);
            assertThat(states.commits()).isEqualTo(2);
            assertThat(states.get("snapshot/account/" + STREAM)).isPresent();
        }

        @Test
        void an_append_of_several_events_that_jumps_over_a_multiple_still_takes_one() {
            var burst = DeciderBinding.of(Decider.<Bank.Command, Bank.State, Bank.Event>of(Bank.None::new,
                    (command, state) -> List.of(new Bank.Opened("a1", "Ada"), new Bank.Deposited(1),
                            new Bank.Deposited(2), new Bank.Deposited(3), new Bank.Deposited(4)),
                    new Bank.Account()::evolve), BankCodecs.EVENTS, BankCodecs::streamOf)
                    .withSnapshots(BankCodecs.snapshotsEvery(3, 1));

            var result = CommandLoop.create(store, burst, c -> c.snapshotStore = states)
                    .handle(new Bank.Open("a1", "Ada"), ROOT);

            assertThat(result.snapshot()).isEqualTo(new SnapshotOutcome.Written(4));
            assertThat(new Snapshots<>(states, BankCodecs.snapshotsEvery(3, 1)).load(STREAM))
                    .contains(new StreamState<>(STREAM, new Bank.Active("Ada", 10), 4, 4));
        }

        @Test
        void snapshots_are_not_facts_the_log_holds_only_the_domain_events() {
            history(loopWith(BankCodecs.snapshotsEvery(2, 1)), 9);

            assertThat(store.headPosition()).isEqualTo(9);
            assertThat(store.readAll(0, 100)).extracting(e -> e.type().name())
                    .allMatch(BankCodecs.TYPE_NAMES::contains).hasSize(9);
            assertThat(states.scan("snapshot/", 10)).hasSize(1);
        }

        @Test
        void a_failed_snapshot_write_does_not_fail_the_command_whose_events_are_already_durable() {
            var loop = loopWith(BankCodecs.snapshotsEvery(2, 1));
            loop.handle(new Bank.Open("a1", "Ada"), ROOT);
            states.failCommits();

            var result = loop.handle(new Bank.Deposit("a1", 5), ROOT);

            assertThat(result.snapshot()).isInstanceOfSatisfying(SnapshotOutcome.Failed.class, failed -> {
                assertThat(failed.version()).isEqualTo(1);
                assertThat(failed.error()).hasMessageContaining("failing on purpose");
            });
            assertThat(store.headPosition()).isEqualTo(2);
            assertThat(loop.load(STREAM).state()).isEqualTo(new Bank.Active("Ada", 5));
        }
    }

    @Nested
    class Loading_from_them {
        @Test
        void loading_starts_from_the_snapshot_and_folds_only_the_events_after_it() {
            history(noSnapshots, 5);
            // A state no fold could reach: if it shows through, the loader used the snapshot.
            forge(1, new Bank.Active("Forged", 1000), 2, 2);

            var loaded = loopWith(BankCodecs.snapshotsEvery(100, 1)).load(STREAM);

            assertThat(loaded).isEqualTo(new StreamState<>(STREAM, new Bank.Active("Forged", 1000 + 3 + 4), 4, 4));
        }

        @Test
        void the_state_from_a_snapshot_and_its_tail_equals_the_state_folded_from_every_event() {
            for (int every = 1; every <= 5; every++) {
                for (int length = 1; length <= 13; length++) {
                    store.close();
                    var fresh = new InMemoryEventStore();
                    var withSnapshots = CommandLoop.create(fresh, BankCodecs.binding()
                            .withSnapshots(BankCodecs.snapshotsEvery(every, 1)), c -> c.snapshotStore = new InMemoryStateStore());
                    var without = CommandLoop.create(fresh, BankCodecs.binding(), c -> {});
                    var results = history(withSnapshots, length);

                    assertThat(withSnapshots.load(STREAM)).as("every %d, %d events", every, length)
                            .isEqualTo(without.load(STREAM))
                            .isEqualTo(new StreamState<>(STREAM, results.getLast().state(), length - 1, length - 1));
                    fresh.close();
                }
            }
        }

        @Test
        void a_snapshot_of_another_state_shape_version_is_ignored_and_the_events_are_folded() {
            history(noSnapshots, 4);
            forge(1, new Bank.Active("Forged", 1000), 3, 3);
            var reshaped = loopWith(BankCodecs.snapshotsEvery(5, 2));

            assertThat(reshaped.load(STREAM).state()).isEqualTo(new Bank.Active("Ada", 6));

            var crossing = reshaped.handle(new Bank.Deposit("a1", 10), ROOT);
            assertThat(crossing.snapshot()).isEqualTo(new SnapshotOutcome.Written(4));
            assertThat(new Snapshots<>(states, BankCodecs.snapshotsEvery(5, 2)).load(STREAM))
                    .map(StreamState::state).contains(new Bank.Active("Ada", 16));
        }

        @Test
        void a_snapshot_from_another_history_is_ignored() {
            history(noSnapshots, 4);
            forge(1, new Bank.Active("Forged", 1000), 2, 77);

            assertThat(loopWith(BankCodecs.snapshotsEvery(5, 1)).load(STREAM).state()).isEqualTo(new Bank.Active("Ada", 6));
        }

        @Test
        void a_snapshot_past_the_end_of_the_stream_is_ignored() {
            history(noSnapshots, 3);
            forge(1, new Bank.Active("Forged", 1000), 40, 40);

            var loaded = loopWith(BankCodecs.snapshotsEvery(5, 1)).load(STREAM);

            assertThat(loaded).isEqualTo(new StreamState<>(STREAM, new Bank.Active("Ada", 3), 2, 2));
        }

        @Test
        void a_snapshot_whose_state_bytes_the_codec_refuses_is_ignored() {
            history(noSnapshots, 3);
            byte[] header = ByteBuffer.allocate(24).putInt(0x43534E50).putInt(1).putLong(1).putLong(1).array();
            byte[] garbage = new byte[header.length + 1];
            System.arraycopy(header, 0, garbage, 0, header.length);
            garbage[header.length] = 9;
            states.put("snapshot/account/" + STREAM, garbage);

            assertThat(loopWith(BankCodecs.snapshotsEvery(5, 1)).load(STREAM).state())
                    .isEqualTo(new Bank.Active("Ada", 3));
        }

        @Test
        void a_snapshot_is_only_a_shortcut_the_events_stay_the_record() {
            var loop = loopWith(BankCodecs.snapshotsEvery(2, 1));
            history(loop, 6);
            states.commit(List.of(dev.chorus.core.state.StateWrite.deletePrefix("snapshot/")));

            assertThat(loop.load(STREAM)).isEqualTo(noSnapshots.load(STREAM));
            assertThat(store.readStream(STREAM)).extracting(RecordedEvent::version).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        }
    }
}
