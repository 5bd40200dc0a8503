package dev.chorus.testkit.state;

import dev.chorus.core.state.StateStore;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every {@link StateStore} keeps. An adapter's test extends this class and says how to open a fresh,
 * empty store; the kit opens as many as a test needs and closes each of them after the test.
 *
 * <pre>{@code
 * class InMemoryStateStoreConformanceTest extends StateStoreConformance {
 *     @Override
 *     protected StateStore newStore() {
 *         return new InMemoryStateStore();
 *     }
 * }
 * }</pre>
 *
 * <p>Key order is Unicode code point order, which is UTF-8 byte order: a store keyed on bytes and one keyed on
 * Java strings page the same way. (Java's {@code String.compareTo} does not: it puts U+10000 and above before
 * U+E000–U+FFFF.)
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(300)
public abstract class StateStoreConformance {
    /** The value limit of the port: 16 MiB. */
    public static final int MAX_VALUE_BYTES = 16 << 20;

    private @Nullable StateFixture fixture;

    /** A new, empty store. Each call returns a store of its own (a durable store opens a new directory). */
    protected abstract StateStore newStore();

    /** The largest value the store accepts; a store with a lower documented limit says so here. */
    protected int maxValueBytes() {
        return MAX_VALUE_BYTES;
    }

    @AfterEach
    void close_every_store_the_test_opened() {
        if (fixture != null) {
            fixture.closeAll();
        }
    }

    // Made on first use rather than in the constructor, so that no subclass method runs before it is constructed.
    private synchronized StateFixture testFixture() {
        if (fixture == null) {
            fixture = new StateFixture(this::newStore, maxValueBytes());
        }
        return fixture;
    }

    @Nested
    class Reading_and_writing extends ReadWriteContract {
        Reading_and_writing() {
            super(testFixture());
        }
    }

    @Nested
    class Scanning extends ScanContract {
        Scanning() {
            super(testFixture());
        }
    }

    @Nested
    class Deleting_a_prefix extends DeletePrefixContract {
        Deleting_a_prefix() {
            super(testFixture());
        }
    }

    @Nested
    class Atomic_commits extends AtomicityContract {
        Atomic_commits() {
            super(testFixture());
        }
    }

    @Nested
    class Keys_and_limits extends KeyRulesContract {
        Keys_and_limits() {
            super(testFixture());
        }
    }

    @Nested
    class Large_values extends LargeValuesContract {
        Large_values() {
            super(testFixture());
        }
    }

    @Nested
    class Concurrent_commits extends ConcurrentCommitsContract {
        Concurrent_commits() {
            super(testFixture());
        }
    }

    @Nested
    class Conditional_commits extends ConditionalCommitContract {
        Conditional_commits() {
            super(testFixture());
        }
    }

    @Nested
    class Lazy_commits extends LazyCommitContract {
        Lazy_commits() {
            super(testFixture());
        }
    }

    @Nested
    class Closing extends ClosingContract {
        Closing() {
            super(testFixture());
        }
    }

    @Nested
    class Random_commits extends RandomCommitsContract {
        Random_commits() {
            super(testFixture());
        }
    }
}
