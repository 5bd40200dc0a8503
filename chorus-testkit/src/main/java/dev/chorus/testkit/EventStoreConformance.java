package dev.chorus.testkit;

import dev.chorus.core.EventStore;
import dev.chorus.core.StoreLimits;
import java.time.Clock;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every {@link EventStore} keeps. An adapter's test extends this class and says how to open a fresh,
 * empty store; the kit opens as many as a test needs and closes each of them after the test.
 *
 * <pre>{@code
 * class InMemoryEventStoreConformanceTest extends EventStoreConformance {
 *     @Override
 *     protected EventStore newStore(Clock clock, StoreLimits limits) {
 *         return new InMemoryEventStore(clock, limits);
 *     }
 * }
 * }</pre>
 *
 * <p>The groups live in their own classes ({@link AppendContract}, {@link SubscriptionContract}, ...) so that each
 * stays small; they are wired here so that one subclass runs them all.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(120)
public abstract class EventStoreConformance {
    private @Nullable StoreFixture fixture;

    /**
     * A new, empty store that takes every time and event id from {@code clock} and enforces {@code limits}. Each
     * call returns a store of its own (a durable store opens a new directory); the kit closes it after the test.
     */
    protected abstract EventStore newStore(Clock clock, StoreLimits limits);

    @AfterEach
    void close_every_store_the_test_opened() {
        if (fixture != null) {
            fixture.closeAll();
        }
    }

    // Made on first use rather than in the constructor, so that no subclass method runs before it is constructed.
    private StoreFixture testFixture() {
        if (fixture == null) {
            fixture = new StoreFixture(this::newStore);
        }
        return fixture;
    }

    @Nested
    class Appending extends AppendContract {
        Appending() {
            super(testFixture());
        }
    }

    @Nested
    class Reading_a_stream extends StreamReadContract {
        Reading_a_stream() {
            super(testFixture());
        }
    }

    @Nested
    class Reading_all extends AllReadContract {
        Reading_all() {
            super(testFixture());
        }
    }

    @Nested
    class Metadata extends MetadataContract {
        Metadata() {
            super(testFixture());
        }
    }

    @Nested
    class Round_trips extends RoundTripContract {
        Round_trips() {
            super(testFixture());
        }
    }

    @Nested
    class Limits extends LimitsContract {
        Limits() {
            super(testFixture());
        }
    }

    @Nested
    class Subscriptions extends SubscriptionContract {
        Subscriptions() {
            super(testFixture());
        }
    }

    @Nested
    class Concurrent_writers extends ConcurrencyContract {
        Concurrent_writers() {
            super(testFixture());
        }
    }

    @Nested
    class Queued_appends extends QueuedAppendContract {
        Queued_appends() {
            super(testFixture());
        }
    }

    @Nested
    class Closing extends LifecycleContract {
        Closing() {
            super(testFixture());
        }
    }
}
