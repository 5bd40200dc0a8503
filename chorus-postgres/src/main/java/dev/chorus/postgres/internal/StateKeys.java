package dev.chorus.postgres.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/** The port's key rules, and keys as the UTF-8 bytes the table holds, whose byte order is code point order. */
public final class StateKeys {
    private StateKeys() {}

    /** The key as UTF-8, once it passes the port's key rules. */
    public static byte[] check(String field, String key) {
        return dev.chorus.core.state.StateKeys.utf8(field, key);
    }

    /** The smallest byte string above every key that starts with {@code prefix}; empty when there is none. */
    public static Optional<byte[]> upperBound(byte[] prefix) {
        int end = prefix.length;
        while (end > 0 && prefix[end - 1] == (byte) 0xFF) {
            end--;
        }
        if (end == 0) {
            return Optional.empty();
        }
        byte[] bound = Arrays.copyOf(prefix, end);
        bound[end - 1]++;
        return Optional.of(bound);
    }

    public static String text(byte[] key) {
        return new String(key, StandardCharsets.UTF_8);
    }
}
