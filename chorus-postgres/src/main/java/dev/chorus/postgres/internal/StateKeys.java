package dev.chorus.postgres.internal;

import dev.chorus.core.LimitExceeded;
import dev.chorus.core.ValidationError;
import dev.chorus.core.state.StateStore;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/** The port's key rules, and keys as the UTF-8 bytes the table holds, whose byte order is code point order. */
public final class StateKeys {
    private StateKeys() {}

    /** The key as UTF-8, once it is known to be 1 to {@link StateStore#MAX_KEY_BYTES} bytes of valid UTF-16. */
    public static byte[] check(String field, String key) {
        Objects.requireNonNull(key, field);
        if (key.isEmpty()) {
            throw new ValidationError(field, field + " must not be empty");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < key.length() && Character.isLowSurrogate(key.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new ValidationError(field, field + " must be valid UTF-16 (lone surrogate at index " + i + ")");
            }
        }
        byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > StateStore.MAX_KEY_BYTES) {
            throw new LimitExceeded(field + " UTF-8 bytes", StateStore.MAX_KEY_BYTES, utf8.length);
        }
        return utf8;
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
