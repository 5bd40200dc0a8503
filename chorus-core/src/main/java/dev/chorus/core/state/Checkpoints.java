package dev.chorus.core.state;

import dev.chorus.core.AllReader;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Where a subscriber (projection, handler, saga) stands in the global log: the position of the next event
 * it will look at, stored under {@code checkpoint/<name>}. Commit {@link #save} in the same
 * {@link StateStore#commit} as the effects of the events before it, and a crash can neither repeat nor
 * skip one.
 */
public final class Checkpoints {
    public static final String PREFIX = "checkpoint/";

    private Checkpoints() {}

    public static String key(String subscriber) {
        return PREFIX + subscriber;
    }

    /** The next position {@code subscriber} will look at; 0 when it never committed one. */
    public static long load(StateStore store, String subscriber) {
        return store.get(key(subscriber)).map(bytes -> ByteBuffer.wrap(bytes).getLong()).orElse(0L);
    }

    /**
     * As {@link #load}, for a subscriber whose state holds no positions (a handler, an index): a checkpoint beyond
     * the log's head means the log lost events it had handled (a {@code log repair} that cut its tail, say), and the
     * positions it passed will be taken by new events it has never seen. It resumes at the head instead, as a Kafka
     * consumer whose offset is out of range resets, and the reset is committed before it reads anything, so that a
     * crash before its first commit cannot move it past events appended meanwhile. A head answered from memory may
     * lag appends of another process, so the log is asked for the checkpoint's last event before anything is reset.
     * A projection refuses instead: its read model holds the lost events' effects, and only a rebuild removes them.
     */
    public static long loadWithinHead(StateStore store, String subscriber, AllReader log) {
        long stored = load(store, subscriber);
        long head = log.headPosition();
        if (!lost(stored, head, log)) {
            return stored;
        }
        store.commit(List.of(save(subscriber, head)));
        System.getLogger("dev.chorus").log(Level.WARNING, subscriber + " had its checkpoint at " + stored
                + ", beyond the log's head " + head + ": the log lost the events it handled from " + head
                + " (a repair?), or the state store is another log's; it resumes at " + head);
        return head;
    }

    /**
     * As {@link #load}, for a subscriber whose state refers to positions (a saga's queued facts and blockers): a
     * checkpoint beyond the log's head is refused, since the events that take those positions again are others.
     *
     * @throws CheckpointAheadOfLog the log does not hold the checkpoint's last event
     */
    public static long loadWithinLog(StateStore store, String subscriber, AllReader log) {
        long stored = load(store, subscriber);
        long head = log.headPosition();
        if (lost(stored, head, log)) {
            throw new CheckpointAheadOfLog(subscriber, stored, head);
        }
        return stored;
    }

    /** Whether the log lacks the event before {@code checkpoint}, asked of the log itself past a remembered head. */
    private static boolean lost(long checkpoint, long head, AllReader log) {
        return checkpoint > head && log.readAll(checkpoint - 1, 1).isEmpty();
    }

    public static StateWrite save(String subscriber, long nextPosition) {
        return StateWrite.put(key(subscriber), ByteBuffer.allocate(8).putLong(nextPosition).array());
    }
}
