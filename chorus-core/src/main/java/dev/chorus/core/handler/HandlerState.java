package dev.chorus.core.handler;

import dev.chorus.core.codec.Codec;
import java.util.Optional;

/**
 * The handler's own key-value state, private to it (stored under {@code handler/<name>/state/}). Writes are
 * buffered and committed together with the handler's checkpoint when the attempt succeeds (with the rest of
 * its batch, see {@link HandlerConfig}), and dropped when it fails, so state moves exactly once per event.
 * Reads see this attempt's own writes, then those of the batch's earlier events, then the store.
 */
public interface HandlerState {
    Optional<byte[]> get(String key);

    void put(String key, byte[] value);

    void delete(String key);

    default <T> Optional<T> get(String key, Codec<T> codec) {
        return get(key).map(codec::decode);
    }

    default <T> void put(String key, T value, Codec<T> codec) {
        put(key, codec.encode(value));
    }
}
