package dev.chorus.core.codec;

/** Turns a value (a snapshot, a saga's state, a read-model row) into bytes and back. */
public interface Codec<T> {
    byte[] encode(T value);

    T decode(byte[] bytes);
}
