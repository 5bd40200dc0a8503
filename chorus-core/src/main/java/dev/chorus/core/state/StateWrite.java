package dev.chorus.core.state;

import java.util.Objects;

/** One change in an atomic {@link StateStore#commit}. */
public sealed interface StateWrite {
    record Put(String key, byte[] value) implements StateWrite {
        public Put {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    record Delete(String key) implements StateWrite {
        public Delete {
            Objects.requireNonNull(key, "key");
        }
    }

    /** Removes every key that starts with {@code prefix}: how a read model is cleared for a rebuild. */
    record DeletePrefix(String prefix) implements StateWrite {
        public DeletePrefix {
            Objects.requireNonNull(prefix, "prefix");
        }
    }

    static StateWrite put(String key, byte[] value) {
        return new Put(key, value);
    }

    static StateWrite delete(String key) {
        return new Delete(key);
    }

    static StateWrite deletePrefix(String prefix) {
        return new DeletePrefix(prefix);
    }
}
