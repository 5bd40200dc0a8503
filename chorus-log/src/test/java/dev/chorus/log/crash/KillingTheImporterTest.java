package dev.chorus.log.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.IndexedImporter;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.state.Checkpoints;
import dev.chorus.log.EmbeddedLog;
import dev.chorus.log.LogConfig;
import dev.chorus.log.state.EmbeddedStateStore;
import dev.chorus.log.state.StateStoreConfig;
import dev.chorus.testkit.StoreFixture;
import dev.chorus.testkit.process.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * An importer SIGKILLed while it imports, round after round, each new child importing again from the last batch the
 * one before acknowledged (as an inbox does from its committed offset): every fact ends up in the log exactly once,
 * in the order it was delivered, including those appended by a child that died before its index recorded them.
 */
class KillingTheImporterTest {
    private static final long SEED = Long.getLong("chorus.crash.seed", 0xC0FFEE_2027L);
    private static final int ROUNDS = Integer.getInteger("chorus.crash.rounds", 16);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path tmp;

    @Test
    void every_fact_is_in_the_log_once_and_in_delivery_order_after_repeated_SIGKILLs() throws Exception {
        Path dir = tmp.resolve("log");
        var random = new Random(SEED);
        int acknowledged = -1;
        int unindexedAtStart = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            String context = "seed " + SEED + ", round " + round + ", log in " + dir;
            int first = Math.max(acknowledged, 0);
            try (var child = ChildJvm.start(CrashingImporter.class, tmp.resolve("child-" + round + ".stderr"), dir,
                    first)) {
                var ready = child.awaitReady(Duration.ofSeconds(30)).split(" ");
                if (Long.parseLong(ready[2]) < Long.parseLong(ready[1])) {
                    unindexedAtStart++;
                }
                child.awaitLine("ACK ", Duration.ofSeconds(30));
                Thread.sleep(random.nextInt(20, 200));
                assertThat(child.kill()).as(context + ": exit code of the SIGKILLed child").isEqualTo(137);
                for (String line : child.lines()) {
                    assertThat(line).as(context + ": " + child.stderr()).doesNotStartWith("FAILED")
                            .doesNotStartWith("EXPIRED");
                    if (line.startsWith("ACK ")) {
                        acknowledged = Math.max(acknowledged, Integer.parseInt(line.substring(4)));
                    }
                }
            }
        }

        try (var log = EmbeddedLog.open(LogConfig.of(dir, c -> c.segmentBytes = 64 << 10));
             var state = EmbeddedStateStore.open(StateStoreConfig.besideLog(dir))) {
            var ids = StoreFixture.everything(log).stream()
                    .map(event -> new String(event.data(), StandardCharsets.UTF_8)).toList();
            assertThat(new HashSet<>(ids)).as("facts imported more than once").hasSameSizeAs(ids);
            assertThat(ids).as("delivery order").isEqualTo(expected(ids.size()));
            assertThat(ids.size()).as("every acknowledged batch is whole")
                    .isGreaterThanOrEqualTo((acknowledged + 1) * CrashingImporter.EVENTS_PER_BATCH);
            for (int s = 0; s < CrashingImporter.STREAMS; s++) {
                var stream = log.readStream(CrashingImporter.stream(s));
                assertThat(stream).extracting(RecordedEvent::version).as("dense versions")
                        .isEqualTo(java.util.stream.LongStream.range(0, stream.size()).boxed().toList());
            }
            new IndexedImporter(log, state, log.config().limits(), Clock.systemUTC()).catchUp();
            assertThat(Checkpoints.load(state, IndexedImporter.INDEX)).isEqualTo(log.headPosition());
        }
        System.out.printf("importer crash test: %d SIGKILLs, %d batches acknowledged, %d restarts found events the"
                + " index had not read%n", ROUNDS, acknowledged + 1, unindexedAtStart);
        assertThat(unindexedAtStart).as("restarts after a kill between an append and its index commit")
                .isPositive();
    }

    /** The first {@code count} facts in the order they were delivered: batch by batch, each in its own order. */
    private static List<String> expected(int count) {
        var ids = new ArrayList<String>(count);
        for (int batch = 0; ids.size() < count; batch++) {
            for (int i = 0; i < CrashingImporter.EVENTS_PER_BATCH && ids.size() < count; i++) {
                ids.add(CrashingImporter.id(batch, i));
            }
        }
        return ids;
    }
}
