package dev.chorus.core.projection;

import dev.chorus.core.codec.Codec;
import dev.chorus.core.state.StateEntry;
import java.util.List;
import java.util.Optional;

/**
 * Reads one projection's read model. Keys are relative to the projection's namespace: {@code "order/42"} here is
 * {@code "projection/<name>/order/42"} in the state store, and scans return relative keys too. Keys sort by
 * Unicode code point, as in every {@link dev.chorus.core.state.StateStore}.
 */
public interface ReadModelView {
    Optional<byte[]> get(String key);

    /** Up to {@code limit} rows whose key starts with {@code prefix} and sorts after {@code afterKey}, in key order. */
    List<StateEntry> scan(String prefix, String afterKey, int limit);

    default List<StateEntry> scan(String prefix, int limit) {
        return scan(prefix, "", limit);
    }

    default <T> Optional<T> get(String key, Codec<T> codec) {
        return get(key).map(codec::decode);
    }
}
