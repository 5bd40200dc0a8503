package dev.chorus.core.projection;

import dev.chorus.core.codec.Codec;

/**
 * A projection's read model while it applies events: reads see every write made since the last commit, and the
 * writes are committed together with the checkpoint, all or none.
 */
public interface ReadModel extends ReadModelView {
    void put(String key, byte[] value);

    void delete(String key);

    /** Deletes every row whose key starts with {@code prefix}; {@code ""} clears the whole read model. */
    void deletePrefix(String prefix);

    default <T> void put(String key, T value, Codec<T> codec) {
        put(key, codec.encode(value));
    }
}
