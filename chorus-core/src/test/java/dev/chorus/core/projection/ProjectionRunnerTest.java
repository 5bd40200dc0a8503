package dev.chorus.core.projection;

import static dev.chorus.core.projection.Ledger.LONG;
import static dev.chorus.core.projection.Ledger.closed;
import static dev.chorus.core.projection.Ledger.deposited;
import static dev.chorus.core.projection.Ledger.garbled;
import static dev.chorus.core.projection.Ledger.newsletter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.AppendResult;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.core.StoreLimits;
import dev.chorus.core.ValidationError;
import dev.chorus.core.codec.CodecFailure;
import dev.chorus.core.memory.InMemoryEventStore;
import dev.chorus.core.memory.InMemoryStateStore;
import dev.chorus.core.state.Checkpoints;
import dev.chorus.core.state.StateStore;
import dev.chorus.core.state.StateWrite;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ProjectionRunnerTest {
    /** Only a failing test waits this long. */
    static final Duration PATIENCE = Duration.ofSeconds(30);
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-02-01T10:00:00Z"), ZoneOffset.UTC);

    final InMemoryEventStore log = new InMemoryEventStore(CLOCK, StoreLimits.DEFAULT);
    final InMemoryStateStore state = new InMemoryStateStore();
    final List<ProjectionRunner<?>> runners = new ArrayList<>();

    @AfterEach
    void stop_every_runner_and_close_the_stores() {
        runners.forEach(ProjectionRunner::close);
        log.close();
        state.close();
    }

    <E> ProjectionRunner<E> runner(Projection<E> projection) {
        return runner(projection, state, ProjectionConfig.DEFAULT);
    }

    <E> ProjectionRunner<E> runner(Projection<E> projection, StateStore store, ProjectionConfig config) {
        var runner = ProjectionRunner.create(log, store, projection, config);
        runners.add(runner);
        return runner;
    }

    /** A clock the test sets by hand. */
    static final class SteppingClock extends Clock {
        private volatile Instant now;

        SteppingClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    AppendResult append(String stream, NewEvent... events) {
        return log.append(stream, ExpectedVersion.any(), events);
    }

    /**
     * A running balances projection that handled a deposit, then three events it writes nothing for; it would save
     * their checkpoint {@code saveSkippedAfter} later.
     */
    ProjectionRunner<?> pastThreeEventsItWritesNothingFor(Duration saveSkippedAfter) throws Exception {
        append("acc-1", deposited("acc-1", 10));
        var balances = runner(Ledger.balances(), state, ProjectionConfig.of(c -> c.saveSkippedAfter = saveSkippedAfter));
        balances.start();
        balances.awaitPosition(0, PATIENCE);
        append("news", newsletter(), newsletter(), newsletter());
        balances.awaitPosition(3, PATIENCE);
        return balances;
    }

    static Long balance(ProjectionRunner<?> runner, String account) {
        return runner.view().get("balance/" + account, LONG).orElse(null);
    }

    static List<String> rows(ReadModelView view) {
        return view.scan("", 1000).stream().map(e -> e.key() + "=" + LONG.decode(e.value())).toList();
    }

    @Nested
    class Catching_up {
        @Test
        void given_earlier_events_when_started_then_the_read_model_reflects_them_all() throws Exception {
            append("acc-1", deposited("acc-1", 10), deposited("acc-1", 5));
            append("acc-2", deposited("acc-2", 7));
            var balances = runner(Ledger.balances());

            balances.start();
            balances.awaitPosition(2, PATIENCE);

            assertThat(balance(balances, "acc-1")).isEqualTo(15);
            assertThat(balance(balances, "acc-2")).isEqualTo(7);
            assertThat(balances.checkpoint()).isEqualTo(3);
            assertThat(balances.lag()).isZero();
        }

        @Test
        void events_the_codec_does_not_know_are_skipped_and_the_checkpoint_moves_past_them() throws Exception {
            append("acc-1", deposited("acc-1", 10), newsletter(), newsletter());
            var balances = runner(Ledger.balances());

            balances.start();
            balances.awaitPosition(2, PATIENCE);

            assertThat(rows(balances.view())).containsExactly("balance/acc-1=10");
            assertThat(balances.checkpoint()).isEqualTo(3);
        }

        @Test
        void events_it_writes_nothing_for_move_its_position_without_a_commit_and_a_stop_saves_it() throws Exception {
            var balances = pastThreeEventsItWritesNothingFor(Duration.ofHours(1));
            assertThat(balances.checkpoint()).isEqualTo(4);
            assertThat(storedCheckpoint()).as("stored while running").isEqualTo(1);

            balances.stop();
            assertThat(storedCheckpoint()).as("stored once stopped").isEqualTo(4);
        }

        @Test
        void a_running_projection_saves_the_checkpoint_past_events_it_writes_nothing_for_soon_after() throws Exception {
            var balances = pastThreeEventsItWritesNothingFor(Duration.ofMillis(50));
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (storedCheckpoint() < 4 && System.nanoTime() - deadline < 0) {
                Thread.sleep(10);
            }

            assertThat(storedCheckpoint()).as("stored while running").isEqualTo(4);
            assertThat(balances.status().state()).isInstanceOf(ProjectionStatus.Running.class);
        }

        @Test
        void after_a_crash_the_events_it_wrote_nothing_for_are_read_again_and_change_nothing() throws Exception {
            pastThreeEventsItWritesNothingFor(Duration.ofHours(1));

            // A copy of the store as it is now, before any stop: what a new process finds after a crash.
            var survived = new InMemoryStateStore();
            survived.commit(state.scan("", "", 1_000).stream()
                    .map(row -> (StateWrite) StateWrite.put(row.key(), row.value())).toList());
            var restarted = runner(Ledger.balances(), survived, ProjectionConfig.DEFAULT);
            assertThat(restarted.checkpoint()).isEqualTo(1);
            restarted.start();
            restarted.awaitPosition(3, PATIENCE);

            assertThat(rows(restarted.view())).containsExactly("balance/acc-1=10");
            assertThat(restarted.checkpoint()).isEqualTo(4);
        }

        @Test
        void a_stopped_runner_s_pending_save_never_overwrites_the_checkpoint_of_the_runner_after_it() throws Exception {
            var store = new FlakyStateStore();
            append("acc-1", deposited("acc-1", 10));
            var first = runner(Ledger.balances(), store, ProjectionConfig.of(c -> c.saveSkippedAfter = Duration.ofMillis(300)));
            first.start();
            first.awaitPosition(0, PATIENCE);
            append("news", newsletter(), newsletter(), newsletter());
            first.awaitPosition(3, PATIENCE);
            store.failCommit(1);
            first.stop(); // its save of the skipped events fails: the next runner reads them again

            var second = runner(Ledger.balances(), store, ProjectionConfig.DEFAULT);
            second.start();
            append("acc-1", deposited("acc-1", 5));
            second.awaitPosition(4, PATIENCE);
            Thread.sleep(600); // past the moment the first runner's save was due

            assertThat(ProjectionRunner.create(log, store, Ledger.balances(), ProjectionConfig.DEFAULT).checkpoint())
                    .as("the stored checkpoint").isEqualTo(5);
            assertThat(balance(second, "acc-1")).isEqualTo(15);
        }

        @Test
        void events_it_writes_nothing_for_commit_their_checkpoint_once_enough_have_passed() throws Exception {
            append("acc-1", deposited("acc-1", 10));
            var balances = runner(Ledger.balances());
            balances.start();
            balances.awaitPosition(0, PATIENCE);

            for (int i = 0; i < 300; i++) {
                append("news", newsletter());
            }
            balances.awaitPosition(300, PATIENCE);

            assertThat(storedCheckpoint()).as("stored while running")
                    .isGreaterThan(dev.chorus.core.projection.internal.Applier.SKIPPED_PER_COMMIT);
        }

        long storedCheckpoint() {
            return ProjectionRunner.create(log, state, Ledger.balances(), ProjectionConfig.DEFAULT).checkpoint();
        }

        @Test
        void the_checkpoint_is_committed_with_the_rows_in_batches_of_the_configured_size() throws Exception {
            var store = new FlakyStateStore();
            for (int i = 0; i < 10; i++) {
                append("acc-1", deposited("acc-1", 1));
            }
            var balances = runner(Ledger.balances(), store, ProjectionConfig.of(c -> c.batchSize = 4));

            balances.start();
            balances.awaitPosition(9, PATIENCE);

            var commits = store.committed();
            assertThat(commits).hasSize(3);
            assertThat(commits).allSatisfy(writes -> assertThat(writes.getLast()).isInstanceOfSatisfying(
                    StateWrite.Put.class, put -> assertThat(put.key()).isEqualTo("checkpoint/projection/balances")));
            assertThat(Checkpoints.load(store, "projection/balances")).isEqualTo(10);
        }

        @Test
        void a_runner_resumes_from_the_checkpoint_its_store_holds() throws Exception {
            append("acc-1", deposited("acc-1", 10));
            var first = runner(Ledger.balances());
            first.start();
            first.awaitPosition(0, PATIENCE);
            first.stop();
            append("acc-1", deposited("acc-1", 5));

            var second = runner(Ledger.balances());
            assertThat(second.checkpoint()).isEqualTo(1);
            second.start();
            second.awaitPosition(1, PATIENCE);

            assertThat(balance(second, "acc-1")).isEqualTo(15);
        }
    }

    @Nested
    class Live {
        @Test
        void events_appended_after_the_start_reach_the_read_model() throws Exception {
            var balances = runner(Ledger.balances());
            balances.start();

            var appended = append("acc-1", deposited("acc-1", 3), deposited("acc-1", 4));
            balances.awaitPosition(appended, PATIENCE);

            assertThat(balance(balances, "acc-1")).isEqualTo(7);
            assertThat(balances.status().state()).isEqualTo(ProjectionStatus.RUNNING);
        }

        @Test
        void read_your_writes_holds_after_every_append() throws Exception {
            var balances = runner(Ledger.balances());
            balances.start();

            for (int i = 1; i <= 50; i++) {
                var appended = append("acc-1", deposited("acc-1", 1));
                balances.awaitPosition(appended, PATIENCE);
                assertThat(balance(balances, "acc-1")).as("after deposit %d", i).isEqualTo(i);
            }
        }

        @Test
        void a_deleted_row_disappears_and_rows_of_other_projections_stay() throws Exception {
            state.put("projection/balances-archive/balance/acc-1", LONG.encode(99L));
            var balances = runner(Ledger.balances());
            balances.start();

            balances.awaitPosition(append("acc-1", deposited("acc-1", 3), closed("acc-1")), PATIENCE);

            assertThat(rows(balances.view())).containsExactly("closed/acc-1=1");
            assertThat(state.get("projection/balances-archive/balance/acc-1")).isPresent();
        }
    }

    @Nested
    class Waiting_for_a_position {
        @Test
        void a_position_already_passed_returns_at_once_even_when_stopped() throws Exception {
            append("acc-1", deposited("acc-1", 1));
            var balances = runner(Ledger.balances());
            balances.start();
            balances.awaitPosition(0, PATIENCE);
            balances.stop();

            balances.awaitPosition(0, Duration.ZERO);
        }

        @Test
        void a_stopped_projection_short_of_the_position_is_reported_at_once() {
            append("acc-1", deposited("acc-1", 1));
            var balances = runner(Ledger.balances());

            assertThatThrownBy(() -> balances.awaitPosition(0, PATIENCE))
                    .isInstanceOfSatisfying(ProjectionNotRunning.class, e -> {
                        assertThat(e.projection()).isEqualTo("balances");
                        assertThat(e.position()).isZero();
                        assertThat(e.checkpoint()).isZero();
                    });
        }

        @Test
        void a_projection_that_does_not_get_there_in_time_times_out_with_where_it_is() throws Exception {
            var gate = new CountDownLatch(1);
            var held = Projection.of("held", Ledger.CODEC, (event, source, model) -> {
                if (source.position() == 1) {
                    gate.await();
                }
                model.put("last", LONG.encode(source.position()));
            });
            append("acc-1", deposited("acc-1", 1), deposited("acc-1", 2));
            // Batches of one: event 0 is committed on its own, not held back with the event that blocks.
            var runner = runner(held, state, ProjectionConfig.of(c -> c.batchSize = 1));
            runner.start();
            runner.awaitPosition(0, PATIENCE);

            assertThatThrownBy(() -> runner.awaitPosition(1, Duration.ofMillis(20)))
                    .isInstanceOfSatisfying(ProjectionTimeout.class, e -> {
                        assertThat(e.position()).isEqualTo(1);
                        assertThat(e.checkpoint()).isEqualTo(1);
                        assertThat(e.timeout()).isEqualTo(Duration.ofMillis(20));
                    });
            gate.countDown();
            runner.awaitPosition(1, PATIENCE);
        }

        @Test
        void a_negative_position_or_timeout_is_refused() {
            var balances = runner(Ledger.balances());

            assertThatThrownBy(() -> balances.awaitPosition(-1, PATIENCE)).isInstanceOf(ValidationError.class);
            assertThatThrownBy(() -> balances.awaitPosition(0, Duration.ofSeconds(-1)))
                    .isInstanceOf(ValidationError.class);
        }
    }

    @Nested
    class Failing {
        @Test
        void a_throwing_event_stops_the_projection_at_that_event_with_the_events_before_it_committed()
                throws Exception {
            append("acc-1", deposited("acc-1", 10), deposited("acc-1", 5), deposited("acc-1", -1),
                    deposited("acc-1", 7));
            var balances = runner(Ledger.balances());

            balances.start();

            assertThatThrownBy(() -> balances.awaitPosition(3, PATIENCE))
                    .isInstanceOfSatisfying(ProjectionFailed.class, e -> {
                        assertThat(e.projection()).isEqualTo("balances");
                        assertThat(e.position()).isEqualTo(2);
                        assertThat(e.eventType()).contains(Ledger.DEPOSITED);
                        assertThat(e.getCause()).isInstanceOf(IllegalArgumentException.class);
                        assertThat(e.getMessage()).contains("stopped at position 2", "Deposited/v1",
                                "a deposit is never negative", "checkpoint stays at 2");
                    });
            assertThat(balances.checkpoint()).isEqualTo(2);
            assertThat(balance(balances, "acc-1")).isEqualTo(15);
            assertThat(balances.status().state()).isInstanceOf(ProjectionStatus.Failed.class);
            assertThat(balances.lag()).isEqualTo(2);
        }

        @Test
        void a_failure_after_events_it_wrote_nothing_for_stores_the_checkpoint_past_them() throws Exception {
            var balances = pastThreeEventsItWritesNothingFor(Duration.ofHours(1));

            append("acc-1", deposited("acc-1", -1));

            assertThatThrownBy(() -> balances.awaitPosition(4, PATIENCE)).isInstanceOf(ProjectionFailed.class);
            assertThat(runner(Ledger.balances()).checkpoint()).as("the stored checkpoint").isEqualTo(4);
            assertThat(balance(balances, "acc-1")).isEqualTo(10);
        }

        @Test
        void the_writes_of_the_failing_event_itself_are_dropped() throws Exception {
            var halfway = Projection.of("halfway", Ledger.CODEC, (event, source, model) -> {
                model.put("seen/" + source.position(), LONG.encode(1L));
                if (source.position() == 1) {
                    throw new IllegalStateException("after a write");
                }
            });
            append("acc-1", deposited("acc-1", 1), deposited("acc-1", 2));
            var runner = runner(halfway);

            runner.start();

            assertThatThrownBy(() -> runner.awaitPosition(1, PATIENCE)).isInstanceOf(ProjectionFailed.class);
            assertThat(rows(runner.view())).containsExactly("seen/0=1");
        }

        @Test
        void a_restart_applies_the_failing_event_again_and_fails_the_same_way() throws Exception {
            append("acc-1", deposited("acc-1", -1));
            var balances = runner(Ledger.balances());
            balances.start();
            assertThatThrownBy(() -> balances.awaitPosition(0, PATIENCE)).isInstanceOf(ProjectionFailed.class);

            balances.start();

            assertThatThrownBy(() -> balances.awaitPosition(0, PATIENCE))
                    .isInstanceOfSatisfying(ProjectionFailed.class, e -> assertThat(e.position()).isZero());
        }

        @Test
        void an_event_the_codec_cannot_decode_stops_the_projection_with_the_codec_failure() {
            append("acc-1", garbled());
            var balances = runner(Ledger.balances());

            balances.start();

            assertThatThrownBy(() -> balances.awaitPosition(0, PATIENCE))
                    .isInstanceOfSatisfying(ProjectionFailed.class, e -> {
                        assertThat(e.getCause()).isInstanceOf(CodecFailure.class);
                        assertThat(e.eventType()).contains(Ledger.GARBLED);
                    });
        }

        @Test
        void a_failed_commit_stops_the_projection_and_leaves_the_checkpoint_where_it_was() {
            var store = new FlakyStateStore().failCommit(1);
            append("acc-1", deposited("acc-1", 1), deposited("acc-1", 2));
            var balances = runner(Ledger.balances(), store, ProjectionConfig.DEFAULT);

            balances.start();

            assertThatThrownBy(() -> balances.awaitPosition(1, PATIENCE))
                    .isInstanceOfSatisfying(ProjectionFailed.class, e -> {
                        assertThat(e.position()).isZero();
                        assertThat(e.eventType()).isEmpty();
                        assertThat(e.getCause()).isInstanceOf(FlakyStateStore.SimulatedCrash.class);
                        assertThat(e.getMessage()).contains("could not commit positions 0 to 1");
                    });
            assertThat(balances.checkpoint()).isZero();
            assertThat(store.committed()).isEmpty();
        }

        @Test
        void a_checkpoint_beyond_the_head_of_the_log_refuses_to_start_until_rebuilt() throws Exception {
            state.commit(List.of(Checkpoints.save("projection/balances", 5)));
            append("acc-1", deposited("acc-1", 10), deposited("acc-1", 5));
            var balances = runner(Ledger.balances());

            assertThatThrownBy(balances::start).isInstanceOfSatisfying(ProjectionFailed.class, e -> {
                assertThat(e.position()).isEqualTo(5);
                assertThat(e.getMessage()).contains("beyond the log's head 2", "rebuild it");
            });
            assertThat(balances.status().state()).isInstanceOf(ProjectionStatus.Failed.class);

            balances.rebuild(progress -> { });
            balances.start();
            balances.awaitPosition(append("acc-1", deposited("acc-1", 1)), PATIENCE);
            assertThat(balance(balances, "acc-1")).isEqualTo(16);
        }

        @Test
        void a_log_closed_under_a_running_projection_fails_it_with_the_cause() {
            var balances = runner(Ledger.balances());
            balances.start();

            log.close();

            assertThatThrownBy(() -> balances.awaitPosition(0, PATIENCE))
                    .isInstanceOfSatisfying(ProjectionFailed.class,
                            e -> assertThat(e.getMessage()).contains("lost its subscription"));
        }
    }

    @Nested
    class Exactly_once {
        @Test
        void a_crash_during_a_commit_and_a_restart_apply_every_event_exactly_once() throws Exception {
            var store = new FlakyStateStore();
            var config = ProjectionConfig.of(c -> c.batchSize = 3);
            for (int i = 0; i < 20; i++) {
                append("acc-" + (i % 3), deposited("acc-" + (i % 3), i));
            }
            store.failCommit(2);
            var first = runner(Ledger.seen("seen"), store, config);
            first.start();
            assertThatThrownBy(() -> first.awaitPosition(19, PATIENCE)).isInstanceOf(ProjectionFailed.class);
            assertThat(first.checkpoint()).isEqualTo(3);
            first.stop();

            // A new runner over the same store, as after a process restart.
            var second = runner(Ledger.seen("seen"), store, config);
            second.start();
            second.awaitPosition(19, PATIENCE);

            assertThat(second.view().scan("seen/", 100)).hasSize(20)
                    .allSatisfy(row -> assertThat(LONG.decode(row.value())).as(row.key()).isEqualTo(1));
        }

        @Test
        void stops_between_and_inside_batches_while_events_keep_coming_never_repeat_or_skip_one()
                throws Exception {
            var config = ProjectionConfig.of(c -> c.batchSize = 7);
            AppendResult last = null;
            for (int round = 0; round < 10; round++) {
                var runner = runner(Ledger.seen("seen"), state, config);
                runner.start();
                for (int i = 0; i < 15; i++) {
                    last = append("acc-" + i, deposited("acc-" + i, round));
                }
                runner.stop();
            }
            var finalRunner = runner(Ledger.seen("seen"), state, config);
            finalRunner.start();
            finalRunner.awaitPosition(last, PATIENCE);

            assertThat(finalRunner.view().scan("seen/", 1000)).hasSize(150)
                    .allSatisfy(row -> assertThat(LONG.decode(row.value())).as(row.key()).isEqualTo(1));
        }
    }

    @Nested
    class Rebuilding {
        @Test
        void a_rebuild_deletes_the_rows_and_the_checkpoint_in_one_commit_then_replays_everything()
                throws Exception {
            var store = new FlakyStateStore();
            append("acc-1", deposited("acc-1", 10), deposited("acc-1", 5));
            var balances = runner(Ledger.balances(), store, ProjectionConfig.DEFAULT);
            balances.start();
            balances.awaitPosition(1, PATIENCE);
            store.put("projection/balances/stale", LONG.encode(1L));
            int before = store.committed().size();

            var done = balances.rebuild(progress -> { });

            var clearing = store.committed().get(before);
            assertThat(clearing).containsExactly(StateWrite.deletePrefix("projection/balances/"),
                    StateWrite.delete("checkpoint/projection/balances"));
            assertThat(rows(balances.view())).containsExactly("balance/acc-1=15");
            assertThat(done).isEqualTo(new RebuildProgress("balances", 2, 2));
            assertThat(balances.checkpoint()).isEqualTo(2);
        }

        @Test
        void progress_is_reported_from_zero_to_the_total_in_order() throws Exception {
            for (int i = 0; i < 3000; i++) {
                append("acc-" + (i % 10), deposited("acc-" + (i % 10), 1));
            }
            var balances = runner(Ledger.balances());
            var seen = new CopyOnWriteArrayList<RebuildProgress>();

            balances.rebuild(seen::add);

            assertThat(seen.getFirst()).isEqualTo(new RebuildProgress("balances", 0, 3000));
            assertThat(seen.getLast()).isEqualTo(new RebuildProgress("balances", 3000, 3000));
            assertThat(seen).extracting(RebuildProgress::processed).isSorted();
            assertThat(seen.size()).isGreaterThan(2);
            assertThat(balance(balances, "acc-3")).isEqualTo(300);
        }

        @Test
        void a_running_projection_follows_the_log_again_after_its_rebuild() throws Exception {
            append("acc-1", deposited("acc-1", 10));
            var balances = runner(Ledger.balances());
            balances.start();
            balances.awaitPosition(0, PATIENCE);

            balances.rebuild(progress -> { });
            balances.awaitPosition(append("acc-1", deposited("acc-1", 1)), PATIENCE);

            assertThat(balance(balances, "acc-1")).isEqualTo(11);
        }

        @Test
        void a_stopped_projection_stays_stopped_after_its_rebuild() throws Exception {
            append("acc-1", deposited("acc-1", 10));
            var balances = runner(Ledger.balances());

            balances.rebuild(progress -> { });

            assertThat(balances.status().state()).isEqualTo(ProjectionStatus.STOPPED);
            assertThat(balance(balances, "acc-1")).isEqualTo(10);
        }

        @Test
        void a_projection_failed_by_a_bug_is_rebuilt_once_the_bug_is_fixed() throws Exception {
            var buggy = new AtomicBoolean(true);
            var counting = Projection.of("counting", Ledger.CODEC, (event, source, model) -> {
                if (buggy.get() && source.position() == 2) {
                    throw new IllegalStateException("bug");
                }
                model.put("count", LONG.encode(model.get("count", LONG).orElse(0L) + 1));
            });
            append("acc-1", deposited("acc-1", 1), deposited("acc-1", 1), deposited("acc-1", 1));
            var runner = runner(counting);
            runner.start();
            assertThatThrownBy(() -> runner.awaitPosition(2, PATIENCE)).isInstanceOf(ProjectionFailed.class);

            buggy.set(false);
            runner.rebuild(progress -> { });

            assertThat(runner.view().get("count", LONG)).hasValue(3L);
            assertThat(runner.status().state()).isEqualTo(ProjectionStatus.STOPPED);
        }

        @Test
        void a_rebuild_that_fails_leaves_the_projection_failed_at_the_event_with_a_consistent_read_model()
                throws Exception {
            append("acc-1", deposited("acc-1", 1), deposited("acc-1", -1), deposited("acc-1", 1));
            var balances = runner(Ledger.balances(), state, ProjectionConfig.of(c -> c.batchSize = 1));

            assertThatThrownBy(() -> balances.rebuild(progress -> { }))
                    .isInstanceOfSatisfying(ProjectionFailed.class, e -> assertThat(e.position()).isEqualTo(1));
            assertThat(balances.checkpoint()).isEqualTo(1);
            assertThat(balance(balances, "acc-1")).isEqualTo(1);
            assertThat(balances.status().state()).isInstanceOf(ProjectionStatus.Failed.class);
        }

        @Test
        void a_rebuild_cut_short_by_an_error_leaves_the_projection_stopped_not_rebuilding() throws Exception {
            var broken = Projection.of("broken", Ledger.CODEC, (event, source, model) -> {
                if (source.position() == 1) {
                    throw new AssertionError("a projection's own assertion");
                }
                model.put("count", LONG.encode(model.get("count", LONG).orElse(0L) + 1));
            });
            append("acc-1", deposited("acc-1", 1), deposited("acc-1", 1), deposited("acc-1", 1));
            var runner = runner(broken);

            assertThatThrownBy(() -> runner.rebuild(progress -> { })).isInstanceOf(AssertionError.class);

            assertThat(runner.status().state()).isEqualTo(ProjectionStatus.STOPPED);
            assertThatThrownBy(() -> runner.awaitPosition(2, PATIENCE)).isInstanceOf(ProjectionNotRunning.class);
        }
    }

    @Nested
    class Time_travel {
        @Test
        void the_state_at_a_position_reflects_exactly_the_events_before_it() throws Exception {
            append("acc-1", deposited("acc-1", 10), deposited("acc-1", 5));
            append("acc-2", deposited("acc-2", 7), closed("acc-1"));
            var balances = runner(Ledger.balances());

            assertThat(rows(balances.stateAt(0))).isEmpty();
            assertThat(rows(balances.stateAt(1))).containsExactly("balance/acc-1=10");
            assertThat(rows(balances.stateAt(3))).containsExactly("balance/acc-1=15", "balance/acc-2=7");
            assertThat(rows(balances.stateAt(4))).containsExactly("balance/acc-2=7", "closed/acc-1=3");
        }

        @Test
        void travelling_leaves_the_live_read_model_and_its_checkpoint_alone() throws Exception {
            append("acc-1", deposited("acc-1", 10), deposited("acc-1", 5));
            var balances = runner(Ledger.balances());
            balances.start();
            balances.awaitPosition(1, PATIENCE);

            var past = balances.stateAt(1);

            assertThat(past.get("balance/acc-1", LONG)).hasValue(10L);
            assertThat(balance(balances, "acc-1")).isEqualTo(15);
            assertThat(balances.checkpoint()).isEqualTo(2);
        }

        @Test
        void the_state_at_the_head_equals_the_live_read_model() throws Exception {
            for (int i = 0; i < 100; i++) {
                append("acc-" + (i % 7), i % 11 == 0 ? closed("acc-" + (i % 7)) : deposited("acc-" + (i % 7), i));
            }
            var balances = runner(Ledger.balances());
            balances.start();
            balances.awaitPosition(99, PATIENCE);

            assertThat(rows(balances.stateAt(log.headPosition()))).isEqualTo(rows(balances.view()));
        }

        @Test
        void the_state_at_an_instant_holds_the_events_recorded_until_then_and_stops_at_the_first_later_one()
                throws Exception {
            var clock = new SteppingClock(Instant.parse("2026-02-01T10:00:00Z"));
            var timed = new InMemoryEventStore(clock, StoreLimits.DEFAULT);
            timed.append("acc-1", ExpectedVersion.any(), deposited("acc-1", 1));     // 10:00
            clock.set(Instant.parse("2026-02-01T11:00:00Z"));
            timed.append("acc-1", ExpectedVersion.any(), deposited("acc-1", 10));    // 11:00
            clock.set(Instant.parse("2026-02-01T10:30:00Z"));                        // a clock stepping back
            timed.append("acc-1", ExpectedVersion.any(), deposited("acc-1", 100));   // 10:30, after 11:00's event
            var balances = ProjectionRunner.create(timed, state, Ledger.balances(), ProjectionConfig.DEFAULT);
            runners.add(balances);

            assertThat(rows(balances.stateAt(Instant.parse("2026-02-01T09:59:59Z")))).isEmpty();
            assertThat(rows(balances.stateAt(Instant.parse("2026-02-01T10:00:00Z")))).containsExactly("balance/acc-1=1");
            assertThat(rows(balances.stateAt(Instant.parse("2026-02-01T10:45:00Z")))).containsExactly("balance/acc-1=1");
            assertThat(rows(balances.stateAt(Instant.parse("2026-02-01T11:00:00Z"))))
                    .containsExactly("balance/acc-1=111");
            timed.close();
        }

        @Test
        void a_position_beyond_the_head_is_refused() {
            append("acc-1", deposited("acc-1", 10));
            var balances = runner(Ledger.balances());

            assertThatThrownBy(() -> balances.stateAt(2)).isInstanceOf(ValidationError.class)
                    .hasMessageContaining("between 0 and the head (1)");
            assertThatThrownBy(() -> balances.stateAt(-1)).isInstanceOf(ValidationError.class);
        }
    }

    @Nested
    class Lag {
        @Test
        void lag_is_the_head_minus_the_checkpoint() throws Exception {
            var balances = runner(Ledger.balances());
            assertThat(balances.lag()).isZero();
            append("acc-1", deposited("acc-1", 1), deposited("acc-1", 1), deposited("acc-1", 1));
            assertThat(balances.lag()).isEqualTo(3);

            balances.start();
            balances.awaitPosition(2, PATIENCE);
            balances.stop();
            append("acc-1", deposited("acc-1", 1));

            var status = balances.status();
            assertThat(status.checkpoint()).isEqualTo(3);
            assertThat(status.head()).isEqualTo(4);
            assertThat(status.lag()).isEqualTo(1);
        }
    }
}
