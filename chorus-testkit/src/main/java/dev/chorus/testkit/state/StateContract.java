package dev.chorus.testkit.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.state.StateEntry;
import dev.chorus.core.state.StateStore;
import dev.chorus.core.state.StateWrite;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What every group of the state store kit shares: the store under test and a few ways to look at it. */
public abstract class StateContract {
    /** How long a test waits for something that should take milliseconds; only a failing test waits this long. */
    protected static final Duration PATIENCE = Duration.ofSeconds(60);

    private final StateFixture fixture;

    protected StateContract(StateFixture fixture) {
        this.fixture = Objects.requireNonNull(fixture, "fixture");
    }

    protected final StateStore store() {
        return fixture.store();
    }

    protected final StateFixture fixture() {
        return fixture;
    }

    protected static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    protected static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    protected static StateWrite put(String key, String value) {
        return StateWrite.put(key, bytes(value));
    }

    /** The text stored under {@code key}, or null when there is none. */
    protected final String textAt(String key) {
        return store().get(key).map(StateContract::text).orElse(null);
    }

    /** Every entry under {@code prefix} as key → text, read page by page in key order. */
    protected static Map<String, String> texts(StateStore store, String prefix) {
        var all = new LinkedHashMap<String, String>();
        for (StateEntry entry : everything(store, prefix, 100)) {
            all.put(entry.key(), text(entry.value()));
        }
        return all;
    }

    protected final Map<String, String> texts(String prefix) {
        return texts(store(), prefix);
    }

    /** Unicode code point order, by way of UTF-8 bytes: the order every store pages in. */
    protected static int utf8Order(String a, String b) {
        return Arrays.compareUnsigned(bytes(a), bytes(b));
    }

    /** Every entry under {@code prefix}, paging by the last key read, {@code pageSize} at a time. */
    protected static List<StateEntry> everything(StateStore store, String prefix, int pageSize) {
        var all = new ArrayList<StateEntry>();
        String after = "";
        while (true) {
            var page = store.scan(prefix, after, pageSize);
            assertThat(page.size()).as("a page of at most %d entries", pageSize).isLessThanOrEqualTo(pageSize);
            if (!page.isEmpty() && !after.isEmpty()) {
                // Also what keeps a store that ignores afterKey from paging for ever.
                assertThat(utf8Order(page.getFirst().key(), after)).as("a page after %s starts after it, at %s",
                        after, page.getFirst().key()).isPositive();
            }
            all.addAll(page);
            if (page.size() < pageSize) {
                return all;
            }
            after = page.getLast().key();
        }
    }
}
