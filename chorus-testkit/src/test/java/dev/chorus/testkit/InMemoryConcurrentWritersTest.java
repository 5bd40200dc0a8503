package dev.chorus.testkit;

import static dev.chorus.core.ExpectedVersion.any;

import dev.chorus.core.StoreLimits;
import dev.chorus.core.memory.InMemoryEventStore;
import dev.chorus.testkit.property.Gen;
import dev.chorus.testkit.property.PropertyCheck;
import org.junit.jupiter.api.Test;

class InMemoryConcurrentWritersTest {
    record Race(int writers, int versions, int eventsElsewhere, String streamId) {}

    static final Gen<Race> RACES = random -> new Race(Gen.ints(2, 16).next(random), Gen.ints(1, 12).next(random),
            Gen.ints(0, 5).next(random), Gen.frequencyOf(Gen.alphanumeric(1, 40),
                    Gen.oneOf("Bestellung-Größe", "注文-42", "🎵-track", "order-1")).map(id -> id.equals("elsewhere") ? "other" : id)
            .next(random));

    @Test
    void n_concurrent_writers_on_one_stream_exactly_one_wins_each_version_and_the_losers_get_the_typed_conflict() {
        PropertyCheck.forAll(60, RACES, race -> {
            try (var store = new InMemoryEventStore(MutableClock.at(StoreFixture.START), StoreLimits.DEFAULT)) {
                for (int i = 0; i < race.eventsElsewhere(); i++) {
                    store.append("elsewhere", any(), TestEvents.event("e" + i));
                }

                ConcurrentWriters.exactlyOneWinsEachVersion(store, race.streamId(), race.writers(), race.versions());
            }
        });
    }
}
