package dev.chorus.core.projection.internal;

import dev.chorus.core.AllReader;
import dev.chorus.core.RecordedEvent;
import java.util.function.LongConsumer;
import java.util.function.Predicate;

/** Reads the log page by page on the caller's thread and applies it: how a rebuild and time travel run. */
public final class Replay {
    private static final int PAGE = 1024;

    private Replay() {}

    /**
     * Applies every event from the applier's position up to {@code to} (exclusive) and commits the rest.
     *
     * @param progress told the position reached after each page
     */
    public static void run(AllReader reader, Applier<?> applier, long to, LongConsumer progress)
            throws InterruptedException {
        run(reader, applier, to, event -> false, progress);
    }

    /**
     * Applies events from the applier's position up to {@code to} (exclusive), or up to the first event that
     * {@code stopAt} accepts (which is not applied), and commits the rest.
     */
    public static void run(AllReader reader, Applier<?> applier, long to, Predicate<RecordedEvent> stopAt,
                           LongConsumer progress) throws InterruptedException {
        long position = applier.next();
        while (position < to) {
            if (Thread.interrupted()) {
                throw new InterruptedException("replay interrupted at position " + position);
            }
            var page = reader.readAll(position, (int) Math.min(PAGE, to - position));
            if (page.isEmpty()) {
                throw new IllegalStateException("the log returned no event at position " + position + ", below "
                        + to + " which it reported as its head");
            }
            for (var event : page) {
                if (event.position() >= to || stopAt.test(event)) {
                    applier.flush();
                    progress.accept(applier.next());
                    return;
                }
                applier.apply(event);
            }
            position = applier.next();
            progress.accept(position);
        }
        applier.flush();
    }
}
