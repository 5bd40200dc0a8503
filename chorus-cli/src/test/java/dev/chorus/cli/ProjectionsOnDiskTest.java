package dev.chorus.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.chorus.core.StoreClosed;
import dev.chorus.core.projection.Projection;
import dev.chorus.core.projection.ProjectionConfig;
import dev.chorus.core.projection.ProjectionFailed;
import dev.chorus.core.projection.ProjectionRunner;
import dev.chorus.log.EmbeddedLog;
import dev.chorus.log.FsyncPolicy;
import dev.chorus.log.LogConfig;
import dev.chorus.log.state.EmbeddedStateStore;
import dev.chorus.log.state.StateStoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Projections over the durable components, as a service runs them: the embedded log and the embedded state store
 * beside it, closed and opened again as a restarted process would.
 */
@Timeout(120)
class ProjectionsOnDiskTest {
    static final Duration PATIENCE = Duration.ofSeconds(30);
    static final ProjectionConfig SMALL_BATCHES = ProjectionConfig.of(c -> c.batchSize = 7);

    @TempDir
    Path dir;

    EmbeddedLog openLog() {
        return EmbeddedLog.open(LogConfig.of(dir, c -> c.fsync = FsyncPolicy.NEVER));
    }

    EmbeddedStateStore openState() {
        return EmbeddedStateStore.open(StateStoreConfig.besideLog(dir));
    }

    static void assertEachSeenOnce(ProjectionRunner<?> runner, int events) {
        assertThat(runner.view().scan("seen/", 10_000)).hasSize(events)
                .allSatisfy(row -> assertThat(Tallies.parse(row.value())).as(row.key()).isEqualTo(1));
    }

    @Test
    void a_projection_stopped_between_batches_resumes_after_a_restart_applying_each_event_once() throws Exception {
        try (var log = openLog(); var state = openState()) {
            Tallies.append(log, 100);
            var runner = ProjectionRunner.create(log, state, Tallies.seen(), SMALL_BATCHES);
            runner.start();
            runner.awaitPosition(40, PATIENCE);
            runner.stop();
        }

        try (var log = openLog(); var state = openState()) {
            Tallies.append(log, 50);
            var runner = ProjectionRunner.create(log, state, Tallies.seen(), SMALL_BATCHES);
            assertThat(runner.checkpoint()).as("the committed checkpoint, read back from disk").isGreaterThan(40);
            runner.start();
            runner.awaitPosition(149, PATIENCE);
            runner.stop();

            assertEachSeenOnce(runner, 150);
        }
    }

    @Test
    void a_state_store_that_goes_away_in_the_middle_of_a_batch_loses_that_batch_and_nothing_else() throws Exception {
        var stuck = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        // Counts like "seen", but holds event 60 until the test has closed the state store under it.
        Projection<Tallies.Counted> seenSlowly = Projection.of("seen", Tallies.CODEC, (event, source, model) -> {
            if (source.position() == 60 && release.getCount() > 0) {
                stuck.countDown();
                release.await();
            }
            Tallies.seen().apply(event, source, model);
        });
        long failedAt;
        try (var log = openLog()) {
            Tallies.append(log, 100);
            var state = openState();
            var runner = ProjectionRunner.create(log, state, seenSlowly, SMALL_BATCHES);
            runner.start();
            assertThat(stuck.await(30, TimeUnit.SECONDS)).isTrue();
            state.close();
            release.countDown();

            var failure = catchFailure(runner);
            assertThat(failure.getCause()).isInstanceOf(StoreClosed.class);
            failedAt = failure.position();
            runner.stop();
        }

        try (var log = openLog(); var state = openState()) {
            var runner = ProjectionRunner.create(log, state, Tallies.seen(), SMALL_BATCHES);
            assertThat(runner.checkpoint()).isEqualTo(failedAt).isLessThanOrEqualTo(60);
            runner.start();
            runner.awaitPosition(99, PATIENCE);
            runner.stop();

            assertEachSeenOnce(runner, 100);
        }
    }

    @Test
    void a_rebuild_and_time_travel_work_on_the_durable_store() throws Exception {
        try (var log = openLog(); var state = openState()) {
            Tallies.append(log, 30);
            var runner = ProjectionRunner.create(log, state, Tallies.counters(), SMALL_BATCHES);
            runner.start();
            runner.awaitPosition(29, PATIENCE);
            state.put("projection/counters/count/zombie", Tallies.utf8("1"));

            runner.rebuild(progress -> { });
            runner.awaitPosition(29, PATIENCE);

            assertThat(runner.view().scan("count/", 10)).extracting(row -> row.key())
                    .containsExactly("count/a", "count/b", "count/c");
            assertThat(runner.stateAt(3).get("count/c")).map(Tallies::parse).hasValue(3L);
            assertThat(runner.stateAt(6).get("count/c")).map(Tallies::parse).hasValue(6L);
            runner.stop();
        }
    }

    private static ProjectionFailed catchFailure(ProjectionRunner<?> runner) {
        var thrown = catchThrowable(() -> runner.awaitPosition(99, PATIENCE));
        assertThat(thrown).isInstanceOf(ProjectionFailed.class);
        return (ProjectionFailed) thrown;
    }
}
