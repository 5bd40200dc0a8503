package dev.chorus.log.state.internal;

import dev.chorus.core.memory.InMemoryStateStore;
import java.util.Comparator;

/**
 * {@link InMemoryStateStore#KEY_ORDER} (code point order) for one store's map, quick while it can be: strings
 * without a unit at or above U+D800 sort the same by UTF-16 units, which {@link String#compareTo} compares
 * with the JDK's vectorised intrinsic. Every key is {@linkplain #admit admitted} before it is put, looked up or
 * scanned from; the first one that has such a unit switches this order to code points for good. The switch is
 * safe at any moment: the two orders agree on every pair of keys admitted before it.
 */
public final class KeyOrder implements Comparator<String> {
    private volatile boolean codePoints;

    /** Returns {@code key}, after switching to code point order if it needs it. */
    public String admit(String key) {
        if (!codePoints) {
            for (int i = 0; i < key.length(); i++) {
                if (key.charAt(i) >= 0xD800) {
                    codePoints = true;
                    break;
                }
            }
        }
        return key;
    }

    @Override
    public int compare(String a, String b) {
        return codePoints ? InMemoryStateStore.KEY_ORDER.compare(a, b) : a.compareTo(b);
    }
}
