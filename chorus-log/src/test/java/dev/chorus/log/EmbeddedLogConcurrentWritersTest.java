package dev.chorus.log;

import static dev.chorus.core.ExpectedVersion.any;

import dev.chorus.testkit.ConcurrentWriters;
import dev.chorus.testkit.MutableClock;
import dev.chorus.testkit.StoreFixture;
import dev.chorus.testkit.TestEvents;
import dev.chorus.testkit.property.Gen;
import dev.chorus.testkit.property.PropertyCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On the real log, fsync and all: N writers race for each version, one wins, the rest get the typed conflict. */
class EmbeddedLogConcurrentWritersTest {
    record Race(int writers, int versions, int eventsElsewhere, int segmentBytesLog2) {}

    @TempDir
    Path root;

    @Test
    void n_concurrent_writers_on_one_stream_exactly_one_wins_each_version_and_the_losers_get_the_typed_conflict() {
        var runs = new AtomicInteger();
        Gen<Race> races = random -> new Race(Gen.ints(2, 16).next(random), Gen.ints(1, 12).next(random),
                Gen.ints(0, 5).next(random), Gen.ints(12, 16).next(random));
        PropertyCheck.forAll(40, races, race -> {
            Path dir = Files.createDirectories(root.resolve("race-" + runs.incrementAndGet()));
            try (var log = EmbeddedLog.open(LogConfig.of(dir, c -> {
                c.clock = MutableClock.at(StoreFixture.START);
                c.segmentBytes = 1L << race.segmentBytesLog2();
            }))) {
                for (int i = 0; i < race.eventsElsewhere(); i++) {
                    log.append("elsewhere", any(), TestEvents.event("e" + i));
                }

                ConcurrentWriters.exactlyOneWinsEachVersion(log, "race", race.writers(), race.versions());
            }
        });
    }
}
