package dev.chorus.log;

import static dev.chorus.core.ExpectedVersion.any;

import dev.chorus.testkit.ConcurrentWriters;
import dev.chorus.testkit.MutableClock;
import dev.chorus.testkit.StoreFixture;
import dev.chorus.testkit.TestEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** On the real log, fsync and all: N writers race for each version, one wins, the rest get the typed conflict. */
class EmbeddedLogConcurrentWritersProperties {
    @Property(tries = 40)
    void n_concurrent_writers_on_one_stream_exactly_one_wins_each_version_and_the_losers_get_the_typed_conflict(
            @ForAll @IntRange(min = 2, max = 16) int writers,
            @ForAll @IntRange(min = 1, max = 12) int versions,
            @ForAll @IntRange(min = 0, max = 5) int eventsElsewhere,
            @ForAll @IntRange(min = 12, max = 16) int segmentBytesLog2) throws IOException {
        Path dir = Files.createTempDirectory("chorus-log-race");
        try (var log = EmbeddedLog.open(LogConfig.of(dir, c -> {
            c.clock = MutableClock.at(StoreFixture.START);
            c.segmentBytes = 1L << segmentBytesLog2;
        }))) {
            for (int i = 0; i < eventsElsewhere; i++) {
                log.append("elsewhere", any(), TestEvents.event("e" + i));
            }

            ConcurrentWriters.exactlyOneWinsEachVersion(log, "race", writers, versions);
        } finally {
            delete(dir);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
