package dev.chorus.log.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.log.EmbeddedLog;
import dev.chorus.log.LogConfig;
import dev.chorus.log.LogTools;
import dev.chorus.log.crash.CrashingAppender.Ack;
import dev.chorus.testkit.process.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash tests that really crash: a child JVM appends from several threads and is SIGKILLed at a random
 * moment, round after round on the same directory, and the test JVM reopens the log after every kill
 * and checks it against every acknowledgement the child ever printed.
 *
 * <p>Reproduce a failure with {@code -Dchorus.crash.seed=<seed>} (the seed picks the workload and the
 * kill delays; the exact kill instant is the machine's); {@code -Dchorus.crash.rounds} sets the rounds.
 */
class KillingTheWriterTest {
    private static final long SEED = Long.getLong("chorus.crash.seed", 0xC0FFEE_2026L);
    private static final int ROUNDS = Integer.getInteger("chorus.crash.rounds", 20);
    private static final int THREADS = 8;
    private static final long SEGMENT_BYTES = 64 << 10;
    private static final int MIN_KILL_DELAY_MS = 50;
    private static final int MAX_KILL_DELAY_MS = 400;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path tmp;

    @Test
    void every_acknowledged_append_survives_repeated_SIGKILLs_whole_intact_in_order_and_at_its_position()
            throws Exception {
        Path dir = tmp.resolve("log");
        var config = LogConfig.of(dir, c -> c.segmentBytes = SEGMENT_BYTES);
        var random = new Random(SEED);
        Map<String, Ack> acknowledged = new LinkedHashMap<>();
        var stats = new Stats();
        long head = 0;
        System.out.printf("crash test: seed %d (-Dchorus.crash.seed=%d), %d rounds, %d appender threads, %d-byte"
                + " segments, log in %s%n", SEED, SEED, ROUNDS, THREADS, SEGMENT_BYTES, dir);

        for (int round = 1; round <= ROUNDS; round++) {
            String context = "seed " + SEED + ", round " + round + ", log in " + dir;
            int delay = random.nextInt(MIN_KILL_DELAY_MS, MAX_KILL_DELAY_MS + 1);
            long headBefore;
            int exit;
            ChildLines lines;
            try (var child = ChildJvm.start(CrashingAppender.class, tmp.resolve("child-" + round + ".stderr"),
                    dir, SEGMENT_BYTES, SEED + round, round, THREADS)) {
                headBefore = Long.parseLong(child.awaitReady(Duration.ofSeconds(30)).split(" ")[1]);
                assertThat(headBefore).as(context + ": the head the child opened at").isEqualTo(head);
                long ready = System.nanoTime();
                // Counted from the first acknowledgement, so that every round has something to lose and a loaded
                // machine, slow to get the child appending, still lets it append a while before the kill.
                child.awaitLine("ACK ", Duration.ofSeconds(30));
                Thread.sleep(delay); // a random moment in the middle of appending
                delay = (int) ((System.nanoTime() - ready) / 1_000_000);
                exit = child.kill();
                lines = ChildLines.of(child.lines());
                assertThat(lines.failures).as(context + "; the child's appends failed:\n" + child.stderr()).isEmpty();
            }
            assertThat(exit).as(context + ": exit code of the SIGKILLed child").isEqualTo(137);
            assertThat(lines.acks).as(context + ": acknowledged appends").isNotEmpty();
            for (Ack ack : lines.acks) {
                assertThat(acknowledged.put(ack.appendId(), ack)).as(context + ": append id reused").isNull();
                assertThat(ack.firstPosition()).as(context + ": a round appends after the previous one's head")
                        .isGreaterThanOrEqualTo(headBefore);
            }

            try (var log = EmbeddedLog.open(config)) {
                var recovery = log.recovery();
                var audit = LogAudit.of(log, acknowledged.values());
                assertThat(audit.problems()).as(context + ": what the reopened log got wrong").isEmpty();
                stats.round(round, delay, lines, recovery.tornTail().isPresent(), recovery.truncatedBytes(),
                        recovery.rebuiltIndexes(), audit, recovery.segments());
                head = log.headPosition();
            }
            var verify = LogTools.verify(dir);
            assertThat(verify.damage()).as(context + ": verify after recovery").isEmpty();
        }

        System.out.println(stats.summary());
        assertThat(stats.roundsKilledInFlight).as("rounds killed with appends begun and not yet acknowledged")
                .isGreaterThanOrEqualTo(ROUNDS / 2);
        assertThat(stats.segments).as("segments: the kills must also land around segment rolls")
                .isGreaterThan(ROUNDS);
    }

    /** What a child printed. */
    private record ChildLines(ArrayList<Ack> acks, HashSet<String> begun, ArrayList<String> failures) {
        static ChildLines of(Iterable<String> lines) {
            var parsed = new ChildLines(new ArrayList<>(), new HashSet<>(), new ArrayList<>());
            for (String line : lines) {
                if (line.startsWith("ACK ")) {
                    parsed.acks.add(Ack.parse(line));
                } else if (line.startsWith("BEGIN ")) {
                    parsed.begun.add(line.substring("BEGIN ".length()));
                } else if (line.startsWith("FAILED ") || line.startsWith("EXPIRED")) {
                    parsed.failures.add(line);
                }
            }
            return parsed;
        }

        int inFlight() {
            return begun.size() - acks.size();
        }
    }

    private static final class Stats {
        int roundsKilledInFlight;
        int tornTails;
        long truncatedBytes;
        long acks;
        long unacknowledgedDurable;
        int rebuiltIndexes;
        int segments;
        long events;
        final long started = System.nanoTime();

        void round(int round, int delay, ChildLines lines, boolean torn, long truncated, int rebuilt,
                   LogAudit.Result audit, int segmentCount) {
            roundsKilledInFlight += lines.inFlight() > 0 ? 1 : 0;
            tornTails += torn ? 1 : 0;
            truncatedBytes += truncated;
            acks += lines.acks.size();
            rebuiltIndexes += rebuilt;
            unacknowledgedDurable = audit.unacknowledged();
            segments = segmentCount;
            events = audit.events();
            System.out.printf("round %2d: killed %3d ms after ready; %5d appends acknowledged, %d in flight; reopened:"
                            + " %7d events in %4d segments, torn tail %s, %d index(es) rebuilt%n",
                    round, delay, lines.acks.size(), lines.inFlight(), audit.events(), segmentCount,
                    torn ? "truncated (" + truncated + " bytes)" : "none", rebuilt);
        }

        String summary() {
            return String.format("crash test: %d SIGKILLs, %d acknowledged appends all intact, %d rounds killed"
                            + " with appends in flight, %d torn tails truncated (%d bytes),"
                            + " %d durable but unacknowledged events, %d events in %d segments, %d indexes rebuilt,"
                            + " %.1f s",
                    ROUNDS, acks, roundsKilledInFlight, tornTails, truncatedBytes,
                    unacknowledgedDurable, events, segments, rebuiltIndexes, (System.nanoTime() - started) / 1e9);
        }
    }
}
