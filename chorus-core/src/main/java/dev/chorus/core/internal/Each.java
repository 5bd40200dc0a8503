package dev.chorus.core.internal;

import java.util.function.Consumer;

/** Doing one thing to each of several parts, such as stopping them, where one part's failure must not spare the rest. */
public final class Each {
    private Each() {}

    /**
     * Applies {@code action} to every item in order, each even when one before it failed, then throws the first
     * failure with the later ones suppressed in it.
     */
    public static <T> void run(Iterable<? extends T> items, Consumer<? super T> action) {
        RuntimeException failure = null;
        for (T item : items) {
            try {
                action.accept(item);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
