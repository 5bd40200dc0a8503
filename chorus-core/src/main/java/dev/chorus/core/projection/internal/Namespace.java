package dev.chorus.core.projection.internal;

import dev.chorus.core.LimitExceeded;
import dev.chorus.core.Utf16;
import dev.chorus.core.ValidationError;
import dev.chorus.core.state.Checkpoints;
import dev.chorus.core.state.StateStore;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Where one projection's state lives: rows under {@code projection/<name>/}, the checkpoint under
 * {@code checkpoint/projection/<name>}. The trailing '/' keeps "orders" from clearing "orders-archive".
 */
public final class Namespace {
    public static final String ROOT = "projection/";

    private final String projection;
    private final String prefix;
    private final int prefixBytes;

    public Namespace(String projection) {
        this.projection = ProjectionNames.validate(projection);
        this.prefix = ROOT + projection + "/";
        this.prefixBytes = prefix.getBytes(StandardCharsets.UTF_8).length;
    }

    public String projection() {
        return projection;
    }

    /** The state-store prefix of every row. */
    public String prefix() {
        return prefix;
    }

    /** The subscriber name {@link Checkpoints} stores the checkpoint under. */
    public String checkpointName() {
        return ROOT + projection;
    }

    public String checkpointKey() {
        return Checkpoints.key(checkpointName());
    }

    public long loadCheckpoint(StateStore store) {
        return Checkpoints.load(store, checkpointName());
    }

    public String key(String relative) {
        return prefix + relative;
    }

    public String relative(String key) {
        return key.substring(prefix.length());
    }

    /** A row key: checked here so that a bad key fails at the event that wrote it, not at the batch's commit. */
    public String checkRowKey(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty()) {
            throw new ValidationError("key", "a read-model key must not be empty");
        }
        return checkText("key", key);
    }

    /** A scan prefix or after-key: may be empty. */
    public String checkText(String field, String text) {
        Objects.requireNonNull(text, field);
        int lone = Utf16.loneSurrogateAt(text);
        if (lone >= 0) {
            throw new ValidationError(field, "a read-model " + field + " must be valid UTF-16 (lone surrogate at index "
                    + lone + ")");
        }
        // Cheap bound first: a UTF-16 unit is at most 3 UTF-8 bytes.
        if (prefixBytes + text.length() * 3 > StateStore.MAX_KEY_BYTES) {
            int bytes = prefixBytes + text.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > StateStore.MAX_KEY_BYTES) {
                throw new LimitExceeded("read-model " + field + " UTF-8 bytes with the prefix " + prefix,
                        StateStore.MAX_KEY_BYTES, bytes);
            }
        }
        return text;
    }
}
