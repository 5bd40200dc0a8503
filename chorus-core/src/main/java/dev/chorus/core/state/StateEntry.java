package dev.chorus.core.state;

import java.util.Arrays;
import java.util.Objects;

public record StateEntry(String key, byte[] value) {
    public StateEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StateEntry other && key.equals(other.key) && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "StateEntry[" + key + ", " + value.length + " bytes]";
    }
}
