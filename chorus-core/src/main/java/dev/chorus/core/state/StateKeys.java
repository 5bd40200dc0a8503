package dev.chorus.core.state;

import dev.chorus.core.LimitExceeded;
import dev.chorus.core.Utf16;
import dev.chorus.core.ValidationError;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** The key rules every {@link StateStore} applies, in one place, so every store refuses the same key the same way. */
public final class StateKeys {
    private StateKeys() {}

    /** Checks that {@code key} is 1 to {@link StateStore#MAX_KEY_BYTES} UTF-8 bytes of valid UTF-16. */
    public static void check(String field, String key) {
        checkText(field, key);
        // Cheap bound first: a UTF-16 unit is at most 3 UTF-8 bytes.
        if (key.length() * 3 > StateStore.MAX_KEY_BYTES) {
            checkLength(field, key.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * As {@link #check} for the {@code part} ("key", "prefix") of write {@code index} in a commit, named
     * {@code writes[index].part} when refused. The name is built only then: a commit checks every write.
     */
    public static void check(int index, String part, String key) {
        if (key == null || key.isEmpty() || key.length() * 3 > StateStore.MAX_KEY_BYTES || hasSurrogate(key)) {
            check("writes[" + index + "]." + part, key);
        }
    }

    /**
     * As {@link #check(String, String)} on {@code prefix + key}, for a {@code prefix} known to be valid: the whole key
     * is built only when the cheap bounds cannot vouch for it.
     */
    public static void check(String field, String prefix, String key) {
        Objects.requireNonNull(key, field);
        if (key.isEmpty() || (prefix.length() + key.length()) * 3 > StateStore.MAX_KEY_BYTES || hasSurrogate(key)) {
            check(field, prefix + key);
        }
    }

    /** As {@link #check}, returning the key's UTF-8 bytes, for a store that keeps them. */
    public static byte[] utf8(String field, String key) {
        checkText(field, key);
        return checkLength(field, key.getBytes(StandardCharsets.UTF_8));
    }

    private static void checkText(String field, String key) {
        Objects.requireNonNull(key, field);
        if (key.isEmpty()) {
            throw new ValidationError(field, field + " must not be empty");
        }
        int lone = Utf16.loneSurrogateAt(key);
        if (lone >= 0) {
            throw new ValidationError(field, field + " must be valid UTF-16 (lone surrogate at index " + lone + ")");
        }
    }

    private static boolean hasSurrogate(String key) {
        for (int i = 0; i < key.length(); i++) {
            if (Character.isSurrogate(key.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static byte[] checkLength(String field, byte[] utf8) {
        if (utf8.length > StateStore.MAX_KEY_BYTES) {
            throw new LimitExceeded(field + " UTF-8 bytes", StateStore.MAX_KEY_BYTES, utf8.length);
        }
        return utf8;
    }
}
