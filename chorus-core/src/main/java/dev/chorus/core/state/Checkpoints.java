package dev.chorus.core.state;

import java.nio.ByteBuffer;

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

    public static StateWrite save(String subscriber, long nextPosition) {
        return StateWrite.put(key(subscriber), ByteBuffer.allocate(8).putLong(nextPosition).array());
    }
}
