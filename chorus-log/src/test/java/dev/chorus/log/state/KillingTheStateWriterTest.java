package dev.chorus.log.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.state.StateEntry;
import dev.chorus.testkit.process.ChildJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash tests that really crash: a child JVM commits from several threads and is SIGKILLed, round after round on
 * the same directory, and the test reopens the store after every kill and checks it against every acknowledgement
 * the child ever printed. Most rounds kill at a random moment; the rest wait until a snapshot is being written,
 * so the kill lands in the middle of a compaction.
 *
 * <p>Reproduce with {@code -Dchorus.crash.seed=<seed>} (the seed picks the kill delays; the exact instant is the
 * machine's); {@code -Dchorus.crash.rounds} sets the random rounds.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class KillingTheStateWriterTest {
    private static final long SEED = Long.getLong("chorus.crash.seed", 0x57A7E_2026L);
    private static final int RANDOM_ROUNDS = Integer.getInteger("chorus.crash.rounds", 12);
    private static final int COMPACTION_ROUNDS = 4;
    private static final int THREADS = 8;
    private static final long COMPACT_AFTER_BYTES = 256 << 10;
    /** 8 MiB of state besides the workload's, so that writing a snapshot takes long enough to be caught at it. */
    private static final int BALLAST = 2_048;
    private static final int BALLAST_BYTES = 4 << 10;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path tmp;

    @Test
    void every_acknowledged_commit_survives_repeated_SIGKILLs_whole_and_no_commit_survives_in_part() throws Exception {
        Path dir = tmp.resolve("state");
        var config = StateStoreConfig.of(dir, c -> c.compactAfterBytes = COMPACT_AFTER_BYTES);
        var random = new Random(SEED);
        var models = new CrashWorkload.Model[THREADS];
        var acked = new long[THREADS];
        for (int t = 0; t < THREADS; t++) {
            models[t] = new CrashWorkload.Model(t);
            acked[t] = -1;
        }
        var stats = new Stats();
        int rounds = RANDOM_ROUNDS + COMPACTION_ROUNDS;
        System.out.printf("state crash test: seed %d (-Dchorus.crash.seed=%d), %d rounds (%d during a compaction),"
                + " %d committer threads, compaction after %d bytes, store in %s%n", SEED, SEED, rounds,
                COMPACTION_ROUNDS, THREADS, COMPACT_AFTER_BYTES, dir);

        for (int round = 1; round <= rounds; round++) {
            boolean duringCompaction = round > RANDOM_ROUNDS;
            String context = "seed " + SEED + ", round " + round + ", store in " + dir;
            List<String> lines;
            List<String> filesAtKill;
            int exit;
            try (var child = ChildJvm.start(CrashingCommitter.class, tmp.resolve("child-" + round + ".stderr"),
                    dir, COMPACT_AFTER_BYTES, THREADS, BALLAST, BALLAST_BYTES)) {
                child.awaitLine("READY", PATIENCE);
                if (duringCompaction) {
                    awaitSnapshotBeingWritten(dir, context);
                } else {
                    Thread.sleep(random.nextInt(30, 400)); // a random moment in the middle of committing
                    child.awaitLine("ACK ", PATIENCE); // but never before a first acknowledgement
                }
                exit = child.kill();
                filesAtKill = files(dir);
                lines = child.lines();
                assertThat(lines).as(context + ": the child's commits failed:\n" + child.stderr())
                        .noneMatch(line -> line.startsWith("FAILED") || line.startsWith("EXPIRED"));
            }
            assertThat(exit).as(context + ": exit code of the SIGKILLed child").isEqualTo(137);
            int acks = 0;
            // Each committer starts from the next key of what the last reopen found, and goes on one by one: a line
            // missing or out of place says the bookkeeping below cannot be trusted, whatever the store did.
            var expectedAck = new long[THREADS];
            for (int t = 0; t < THREADS; t++) {
                expectedAck[t] = models[t].next;
            }
            for (String line : lines) {
                if (line.startsWith("ACK ")) {
                    String[] parts = line.split(" ");
                    int thread = Integer.parseInt(parts[1]);
                    long seq = Long.parseLong(parts[2]);
                    assertThat(seq).as(context + ": thread %d's next acknowledgement, after the last reopen found %d"
                            + " of its commits", thread, models[thread].next).isEqualTo(expectedAck[thread]);
                    expectedAck[thread] = seq + 1;
                    acked[thread] = seq;
                    acks++;
                }
            }

            try (var store = EmbeddedStateStore.open(config)) {
                for (int t = 0; t < THREADS; t++) {
                    long next = store.get(CrashWorkload.nextKey(t)).map(CrashWorkload::decode).orElse(0L);
                    // Known to be in the store: every acknowledged commit, and whatever the last reopen found.
                    long known = Math.max(acked[t] + 1, models[t].next);
                    assertThat(next).as(context + ": thread %d's commits in the store, %d of them acknowledged", t,
                            acked[t] + 1).isGreaterThanOrEqualTo(known)
                            // and at most the one commit that was in flight: durable, never acknowledged
                            .isLessThanOrEqualTo(known + 1);
                    models[t].advanceTo(next);
                    assertNamespace(store, models[t], context);
                }
                assertBallast(store, context);
                assertThat(StateDirs.everything(store)).as(context + ": entries in all")
                        .hasSize(BALLAST + Arrays.stream(models).mapToInt(m -> m.entries.size()).sum());
                stats.round(round, duringCompaction, acks, filesAtKill, store.recovery());
            }
        }

        System.out.println(stats.summary());
        assertThat(stats.killedMidCompaction).as("rounds whose kill left a compaction unfinished").isPositive();
        // Each round killed during a compaction saw the snapshot of a new generation being written.
        assertThat(stats.generation).as("compactions over the whole run").isGreaterThanOrEqualTo(COMPACTION_ROUNDS);
    }

    /** Polls the directory until a snapshot is being written: its temporary file exists. */
    private static void awaitSnapshotBeingWritten(Path dir, String context) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            if (files(dir).stream().anyMatch(name -> name.startsWith("snapshot-") && name.endsWith(".tmp"))) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError(context + ": no snapshot was written in " + PATIENCE);
    }

    private static void assertNamespace(EmbeddedStateStore store, CrashWorkload.Model model, String context) {
        var expected = model.entries.entrySet().stream().map(e -> new StateEntry(e.getKey(), e.getValue())).toList();
        assertThat(store.scan(CrashWorkload.namespace(model.thread), 1_000)).as(context
                + ": thread %d's namespace, which its first %d commits must have left exactly", model.thread, model.next)
                .containsExactlyElementsOf(expected);
    }

    private static void assertBallast(EmbeddedStateStore store, String context) {
        var ballast = new ArrayList<StateEntry>();
        String after = "";
        List<StateEntry> page;
        do {
            page = store.scan(CrashWorkload.BALLAST, after, 256);
            ballast.addAll(page);
            after = page.isEmpty() ? after : page.getLast().key();
        } while (page.size() == 256);
        assertThat(ballast).as(context + ": ballast entries").hasSize(BALLAST);
        for (int i = 0; i < BALLAST; i++) {
            assertThat(ballast.get(i)).as(context + ": ballast " + i)
                    .isEqualTo(new StateEntry(CrashWorkload.ballastKey(i), CrashWorkload.ballastValue(i, BALLAST_BYTES)));
        }
    }

    private static List<String> files(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Stats {
        int killedMidCompaction;
        int tornTails;
        long truncatedBytes;
        long acks;
        long generation;
        final long started = System.nanoTime();

        void round(int round, boolean duringCompaction, int roundAcks, List<String> filesAtKill,
                   StateRecovery recovery) {
            boolean unfinished = filesAtKill.stream().anyMatch(n -> n.endsWith(".tmp"))
                    || filesAtKill.stream().filter(n -> n.startsWith("journal-")).count() > 1;
            killedMidCompaction += unfinished ? 1 : 0;
            tornTails += recovery.tornTail().isPresent() ? 1 : 0;
            truncatedBytes += recovery.truncatedBytes();
            acks += roundAcks;
            generation = recovery.generation();
            System.out.printf("round %2d (%s): %5d commits acknowledged; files at the kill %s; reopened: generation"
                            + " %d, %d journal(s) replayed (%d commits), torn tail %s, %d leftover(s) removed%n",
                    round, duringCompaction ? "during a compaction" : "at a random moment", roundAcks, filesAtKill,
                    recovery.generation(), recovery.journals(), recovery.commitsReplayed(),
                    recovery.tornTail().isPresent() ? "truncated (" + recovery.truncatedBytes() + " bytes)" : "none",
                    recovery.filesRemoved());
        }

        String summary() {
            return String.format("state crash test: %d acknowledged commits all intact, %d kills left a compaction"
                            + " unfinished, %d torn tails truncated (%d bytes), generation %d, %.1f s", acks,
                    killedMidCompaction, tornTails, truncatedBytes, generation, (System.nanoTime() - started) / 1e9);
        }
    }
}
