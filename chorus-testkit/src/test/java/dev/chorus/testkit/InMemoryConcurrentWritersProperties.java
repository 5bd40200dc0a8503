package dev.chorus.testkit;

import static dev.chorus.core.ExpectedVersion.any;

import dev.chorus.core.StoreLimits;
import dev.chorus.core.memory.InMemoryEventStore;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class InMemoryConcurrentWritersProperties {
    @Property(tries = 60)
    void n_concurrent_writers_on_one_stream_exactly_one_wins_each_version_and_the_losers_get_the_typed_conflict(
            @ForAll @IntRange(min = 2, max = 16) int writers,
            @ForAll @IntRange(min = 1, max = 12) int versions,
            @ForAll @IntRange(min = 0, max = 5) int eventsElsewhere,
            @ForAll("streamIds") String streamId) {
        try (var store = new InMemoryEventStore(MutableClock.at(StoreFixture.START), StoreLimits.DEFAULT)) {
            for (int i = 0; i < eventsElsewhere; i++) {
                store.append("elsewhere", any(), TestEvents.event("e" + i));
            }

            ConcurrentWriters.exactlyOneWinsEachVersion(store, streamId, writers, versions);
        }
    }

    @Provide
    Arbitrary<String> streamIds() {
        var ascii = Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-', '_', ':', '/')
                .ofMinLength(1).ofMaxLength(40).filter(id -> !id.equals("elsewhere"));
        var unicode = Arbitraries.of("Bestellung-Größe", "注文-42", "🎵-track", "order-1");
        return Arbitraries.oneOf(ascii, unicode);
    }
}
