package dev.chorus.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.AppendResult;
import dev.chorus.core.ConcurrencyConflict;
import dev.chorus.core.EventStore;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.RecordedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The race every store must decide the same way. In each round, {@code writers} virtual threads wait at a barrier
 * and then append to one stream at once, all expecting the version the stream has: {@code NoStream} first, then
 * {@code Exactly(v)}. Exactly one wins each round; every other gets a {@link ConcurrencyConflict} that names the
 * stream, repeats their expectation and reports the winner's version. The stream ends dense, holding one winner's
 * event per version and nothing else.
 *
 * <p>The store must not be written by anyone else during the race. Used by the conformance kit and by property
 * tests that vary the number of writers and versions.
 */
public final class ConcurrentWriters {
    private static final Duration ROUND_TIMEOUT = Duration.ofSeconds(30);

    private ConcurrentWriters() {}

    /** Runs the race on {@code streamId}, which must have no events yet, and asserts its outcome. */
    public static void exactlyOneWinsEachVersion(EventStore store, String streamId, int writers, int versions) {
        Objects.requireNonNull(store, "store");
        if (writers < 2 || versions < 1) {
            throw new IllegalArgumentException("a race needs 2 or more writers and 1 or more versions; got "
                    + writers + " writers and " + versions + " versions");
        }
        assertThat(store.streamVersion(streamId)).as("the race needs a stream without events").isEqualTo(-1);
        long headBefore = store.headPosition();
        var winners = new ArrayList<Integer>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int version = 0; version < versions; version++) {
                var outcomes = round(store, executor, streamId, writers, version);
                winners.add(checkRound(outcomes, streamId, version));
            }
        }

        var stream = store.readStream(streamId);
        Sequences.assertRange("the stream's versions after the race",
                stream.stream().map(RecordedEvent::version).toList(), 0, versions);
        for (int version = 0; version < versions; version++) {
            assertThat(TestEvents.text(stream.get(version)))
                    .as("the event at version %d is the winner's", version)
                    .isEqualTo(payload(winners.get(version), version));
        }
        assertThat(store.headPosition()).as("the head moved by one event per version")
                .isEqualTo(headBefore + versions);
    }

    private sealed interface Outcome {
        int writer();
    }

    private record Won(int writer, AppendResult result) implements Outcome {}

    private record Lost(int writer, ConcurrencyConflict conflict) implements Outcome {}

    private static List<Outcome> round(EventStore store, ExecutorService executor,
                                       String streamId, int writers, int version) {
        var expected = expectedBefore(version);
        var barrier = new CyclicBarrier(writers);
        var attempts = new ArrayList<Future<Outcome>>(writers);
        for (int writer = 0; writer < writers; writer++) {
            int w = writer;
            attempts.add(executor.submit(() -> {
                barrier.await(ROUND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                try {
                    return new Won(w, store.append(streamId, expected, TestEvents.event(payload(w, version))));
                } catch (ConcurrencyConflict conflict) {
                    return new Lost(w, conflict);
                }
            }));
        }
        long deadline = System.nanoTime() + ROUND_TIMEOUT.toNanos();
        var outcomes = new ArrayList<Outcome>(writers);
        for (var attempt : attempts) {
            outcomes.add(await(attempt, deadline, version));
        }
        return outcomes;
    }

    private static Outcome await(Future<Outcome> attempt, long deadline, int version) {
        try {
            return attempt.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("a writer racing for version " + version
                    + " failed with something other than a ConcurrencyConflict", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the writers racing for version " + version + " did not finish within "
                    + ROUND_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during the race for version " + version, e);
        }
    }

    private static int checkRound(List<Outcome> outcomes, String streamId, int version) {
        var won = outcomes.stream().filter(Won.class::isInstance).map(Won.class::cast).toList();
        assertThat(won).as("winners of version %d", version).hasSize(1);
        assertThat(won.getFirst().result().lastVersion()).as("the winner's version").isEqualTo(version);
        assertThat(won.getFirst().result().streamId()).isEqualTo(streamId);
        for (var outcome : outcomes) {
            if (outcome instanceof Lost lost) {
                assertThat(lost.conflict().streamId()).as("the stream a conflict names").isEqualTo(streamId);
                assertThat(lost.conflict().expected()).as("the expectation a conflict repeats")
                        .isEqualTo(expectedBefore(version));
                assertThat(lost.conflict().actualVersion())
                        .as("the version writer %d found while racing for version %d", lost.writer(), version)
                        .isEqualTo(version);
            }
        }
        return won.getFirst().writer();
    }

    private static ExpectedVersion expectedBefore(int version) {
        return version == 0 ? ExpectedVersion.noStream() : ExpectedVersion.exactly(version - 1);
    }

    private static String payload(int writer, int version) {
        return "writer-" + writer + "-version-" + version;
    }
}
