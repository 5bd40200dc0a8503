package dev.chorus.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.ConcurrencyConflict;
import dev.chorus.core.EventStore;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.RecordedEvent;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** What every group of the conformance kit shares: the store under test, its clock, and common assertions. */
public abstract class Contract {
    /** How long a test waits for something that should take milliseconds; only a failing test waits this long. */
    protected static final Duration PATIENCE = Duration.ofSeconds(30);

    private final StoreFixture fixture;

    protected Contract(StoreFixture fixture) {
        this.fixture = Objects.requireNonNull(fixture, "fixture");
    }

    protected final EventStore store() {
        return fixture.store();
    }

    protected final MutableClock clock() {
        return fixture.clock();
    }

    protected final StoreFixture fixture() {
        return fixture;
    }

    protected final List<RecordedEvent> everything() {
        return StoreFixture.everything(store());
    }

    protected static void assertConflict(ThrowingCallable append, String streamId, ExpectedVersion expected,
                                         long actualVersion) {
        assertThatThrownBy(append).isInstanceOfSatisfying(ConcurrencyConflict.class, conflict -> {
            assertThat(conflict.streamId()).as("streamId").isEqualTo(streamId);
            assertThat(conflict.expected()).as("expected").isEqualTo(expected);
            assertThat(conflict.actualVersion()).as("actualVersion").isEqualTo(actualVersion);
        });
    }

    /** That {@code store} holds exactly {@code before}: nothing was added, changed or lost. */
    protected static void assertUnchanged(EventStore store, List<RecordedEvent> before) {
        assertThat(store.headPosition()).as("head position").isEqualTo(before.size());
        assertThat(StoreFixture.everything(store)).as("every event").isEqualTo(before);
    }
}
