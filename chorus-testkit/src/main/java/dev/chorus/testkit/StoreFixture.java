package dev.chorus.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.EventStore;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.StoreLimits;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * The store a conformance test runs against, the clock it was given, and every other store the test opened, so
 * that the kit can close them all afterwards.
 */
public final class StoreFixture {
    /** Where the clock stands when a test starts: millisecond precision, so a store may keep only milliseconds. */
    public static final Instant START = Instant.parse("2026-01-15T09:30:00.123Z");

    private final BiFunction<Clock, StoreLimits, EventStore> factory;
    private final MutableClock clock = MutableClock.at(START);
    private final List<EventStore> opened = new ArrayList<>();
    private @Nullable EventStore store;

    StoreFixture(BiFunction<Clock, StoreLimits, EventStore> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /** The store under test, opened with the default limits on first use (by whichever thread comes first). */
    public synchronized EventStore store() {
        if (store == null) {
            store = open(StoreLimits.DEFAULT);
        }
        return store;
    }

    public MutableClock clock() {
        return clock;
    }

    /** Another fresh, empty store on the same clock, with other limits; closed with the rest after the test. */
    public synchronized EventStore open(StoreLimits limits) {
        var fresh = Objects.requireNonNull(factory.apply(clock, limits), "newStore returned null");
        opened.add(fresh);
        assertThat(fresh.headPosition()).as("newStore must return an empty store").isZero();
        return fresh;
    }

    /** Every event of {@code store} in global order, read page by page. */
    public static List<RecordedEvent> everything(EventStore store) {
        var all = new ArrayList<RecordedEvent>();
        long head = store.headPosition();
        while (all.size() < head) {
            var page = store.readAll(all.size(), 500);
            assertThat(page).as("readAll below the head at %d", all.size()).isNotEmpty();
            all.addAll(page);
        }
        return all;
    }

    synchronized void closeAll() {
        RuntimeException failure = null;
        for (var each : opened.reversed()) {
            try {
                each.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        opened.clear();
        store = null;
        if (failure != null) {
            throw failure;
        }
    }
}
