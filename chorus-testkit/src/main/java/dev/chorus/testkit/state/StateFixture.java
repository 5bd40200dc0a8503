package dev.chorus.testkit.state;

import dev.chorus.core.state.StateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** The state store a conformance test runs against, and every other one it opened, so that all are closed after. */
public final class StateFixture {
    private final Supplier<StateStore> factory;
    private final int maxValueBytes;
    private final List<StateStore> opened = new ArrayList<>();
    private @Nullable StateStore store;

    StateFixture(Supplier<StateStore> factory, int maxValueBytes) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.maxValueBytes = maxValueBytes;
    }

    /** The store under test, opened on first use (by whichever thread comes first). */
    public synchronized StateStore store() {
        if (store == null) {
            store = open();
        }
        return store;
    }

    /** Another fresh, empty store; closed with the rest after the test (closing it earlier is fine too). */
    public synchronized StateStore open() {
        var fresh = Objects.requireNonNull(factory.get(), "newStore returned null");
        opened.add(fresh);
        if (!fresh.scan("", 1).isEmpty()) {
            throw new AssertionError("newStore must return an empty store; this one holds " + fresh.scan("", 1));
        }
        return fresh;
    }

    /** The largest value the store under test accepts. */
    public int maxValueBytes() {
        return maxValueBytes;
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
