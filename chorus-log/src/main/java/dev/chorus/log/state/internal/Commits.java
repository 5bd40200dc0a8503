package dev.chorus.log.state.internal;

import dev.chorus.core.LimitExceeded;
import dev.chorus.core.state.StateStore;
import dev.chorus.core.state.StateKeys;
import dev.chorus.core.state.StateWrite;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Checks a commit against the port's rules and encodes it for the journal, before anything is written:
 * <pre>
 * commit = writeCount:int32 | writeCount × write
 * write  = op:int8 (1 put, 2 delete, 3 delete-prefix) | keyLength:uint16 | key:UTF-8 | put only: valueLength:int32 | value
 * </pre>
 * Big-endian. The rules are the in-memory store's (the conformance kit holds both to them): a key or prefix is 1
 * to {@link StateStore#MAX_KEY_BYTES} UTF-8 bytes of well-formed UTF-16, a value at most {@link #MAX_VALUE_BYTES}.
 */
public final class Commits {
    public static final int MAX_VALUE_BYTES = 16 << 20;
    static final byte PUT = 1;
    static final byte DELETE = 2;
    static final byte DELETE_PREFIX = 3;

    /** A checked commit: its writes (values copied, so the caller's arrays can change) and their encoding. */
    public record Prepared(List<StateWrite> writes, byte[] body) {}

    private Commits() {}

    public static Prepared prepare(List<StateWrite> writes, int maxCommitBytes) {
        Objects.requireNonNull(writes, "writes");
        var copies = new ArrayList<StateWrite>(writes.size());
        var keys = new byte[writes.size()][];
        long size = 4;
        for (int i = 0; i < writes.size(); i++) {
            var write = Objects.requireNonNull(writes.get(i), "writes[" + i + "]");
            String field = "writes[" + i + "]";
            switch (write) {
                case StateWrite.Put put -> {
                    keys[i] = StateKeys.utf8(field + ".key", put.key());
                    if (put.value().length > MAX_VALUE_BYTES) {
                        throw new LimitExceeded(field + ".value bytes", MAX_VALUE_BYTES, put.value().length);
                    }
                    copies.add(new StateWrite.Put(put.key(), put.value().clone()));
                    size += 4L + put.value().length;
                }
                case StateWrite.Delete delete -> {
                    keys[i] = StateKeys.utf8(field + ".key", delete.key());
                    copies.add(delete);
                }
                case StateWrite.DeletePrefix prefix -> {
                    // An empty prefix would wipe every namespace, checkpoints included: never what a rebuild means.
                    keys[i] = StateKeys.utf8(field + ".prefix", prefix.prefix());
                    copies.add(prefix);
                }
            }
            size += 1 + 2 + keys[i].length;
        }
        if (size > maxCommitBytes) {
            throw new LimitExceeded("commit bytes", maxCommitBytes, size);
        }
        var body = ByteBuffer.allocate((int) size).putInt(copies.size());
        for (int i = 0; i < copies.size(); i++) {
            switch (copies.get(i)) {
                case StateWrite.Put put -> body.put(PUT).putShort((short) keys[i].length).put(keys[i])
                        .putInt(put.value().length).put(put.value());
                case StateWrite.Delete delete -> body.put(DELETE).putShort((short) keys[i].length).put(keys[i]);
                case StateWrite.DeletePrefix prefix -> body.put(DELETE_PREFIX).putShort((short) keys[i].length)
                        .put(keys[i]);
            }
        }
        return new Prepared(List.copyOf(copies), body.array());
    }

    /** Reads one commit from {@code in}; a malformed one is an {@link IllegalArgumentException} naming what is wrong. */
    static List<StateWrite> decode(ByteBuffer in) {
        int count = in.getInt();
        if (count < 0 || count > in.remaining() / 3) {
            throw new IllegalArgumentException("a commit of " + count + " writes cannot fit in " + in.remaining()
                    + " bytes");
        }
        var writes = new ArrayList<StateWrite>(count);
        for (int i = 0; i < count; i++) {
            byte op = in.get();
            int keyLength = Short.toUnsignedInt(in.getShort());
            if (keyLength == 0 || keyLength > StateStore.MAX_KEY_BYTES || keyLength > in.remaining()) {
                throw new IllegalArgumentException("a key of " + keyLength + " bytes");
            }
            byte[] key = new byte[keyLength];
            in.get(key);
            String text = new String(key, StandardCharsets.UTF_8);
            writes.add(switch (op) {
                case PUT -> {
                    int valueLength = in.getInt();
                    if (valueLength < 0 || valueLength > MAX_VALUE_BYTES || valueLength > in.remaining()) {
                        throw new IllegalArgumentException("a value of " + valueLength + " bytes");
                    }
                    byte[] value = new byte[valueLength];
                    in.get(value);
                    yield new StateWrite.Put(text, value);
                }
                case DELETE -> new StateWrite.Delete(text);
                case DELETE_PREFIX -> new StateWrite.DeletePrefix(text);
                default -> throw new IllegalArgumentException("unknown write type " + op);
            });
        }
        return writes;
    }
}
