package dev.chorus.log.state.internal;

import java.util.Arrays;

/**
 * An immutable run of state entries sorted by key (UTF-8 bytes, unsigned: code point order), held in two arrays
 * whatever the number of entries: the keys and values back to back in {@code data}, and three ints per entry in
 * {@code index} (where its key starts, the key's length, the value's length, or {@link #REMOVED} for an entry that
 * records a removal). A garbage collector copies or scans two arrays, not four objects per entry: that is what the
 * state store keeps its older entries in ({@link StateMap}).
 */
final class SortedRun {
    static final int REMOVED = -1;
    /** Largest data array of one run: merges that would pass it leave the runs apart. */
    static final int MAX_DATA = Integer.MAX_VALUE - 64;

    private final byte[] data;
    private final int[] index;
    private final int count;
    private final int dataLength;

    private SortedRun(byte[] data, int[] index, int count, int dataLength) {
        this.data = data;
        this.index = index;
        this.count = count;
        this.dataLength = dataLength;
    }

    int count() {
        return count;
    }

    int dataLength() {
        return dataLength;
    }

    /** The position of the first entry whose key is at or after {@code key} ({@code count()} when none is). */
    int lowerBound(byte[] key) {
        int low = 0;
        int high = count;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (compareKey(mid, key) < 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** The position of the entry with exactly {@code key}, or -1. */
    int find(byte[] key) {
        int at = lowerBound(key);
        return at < count && compareKey(at, key) == 0 ? at : -1;
    }

    /** Compares entry {@code i}'s key with {@code key}. */
    int compareKey(int i, byte[] key) {
        int offset = index[3 * i];
        return Arrays.compareUnsigned(data, offset, offset + index[3 * i + 1], key, 0, key.length);
    }

    /** Compares entry {@code i}'s key with entry {@code j}'s key of {@code other}. */
    int compareKey(int i, SortedRun other, int j) {
        int offset = index[3 * i];
        int otherOffset = other.index[3 * j];
        return Arrays.compareUnsigned(data, offset, offset + index[3 * i + 1],
                other.data, otherOffset, otherOffset + other.index[3 * j + 1]);
    }

    byte[] key(int i) {
        int offset = index[3 * i];
        return Arrays.copyOfRange(data, offset, offset + index[3 * i + 1]);
    }

    boolean removed(int i) {
        return index[3 * i + 2] == REMOVED;
    }

    /** A copy of entry {@code i}'s value; not for a removal. */
    byte[] value(int i) {
        int start = index[3 * i] + index[3 * i + 1];
        return Arrays.copyOfRange(data, start, start + index[3 * i + 2]);
    }

    int keyOffset(int i) {
        return index[3 * i];
    }

    int keyLength(int i) {
        return index[3 * i + 1];
    }

    int valueLength(int i) {
        return index[3 * i + 2];
    }

    byte[] data() {
        return data;
    }

    /** The bytes its data array takes, used or not. */
    int dataCapacity() {
        return data.length;
    }

    /** Entries in key order, appended one by one into arrays sized up front. */
    static final class Builder {
        private final byte[] data;
        private final int[] index;
        private int count;
        private int length;

        /** Room for {@code entries} entries of {@code bytes} key and value bytes in all. */
        Builder(int entries, long bytes) {
            if (bytes > MAX_DATA) {
                throw new IllegalArgumentException("a run holds at most " + MAX_DATA + " bytes; asked for " + bytes);
            }
            this.data = new byte[(int) bytes];
            this.index = new int[Math.multiplyExact(3, entries)];
        }

        /** Whether an entry of {@code bytes} key and value bytes still fits. */
        boolean fits(long bytes) {
            return 3 * (count + 1) <= index.length && length + bytes <= data.length;
        }

        /** Appends a key after every key appended before it, and its value ({@code null}: a removal). */
        Builder add(byte[] key, byte[] value) {
            return add(key, 0, key.length, value, 0, value == null ? REMOVED : value.length);
        }

        /** Appends entry {@code i} of {@code run} as it is there. */
        Builder add(SortedRun run, int i) {
            int keyLength = run.keyLength(i);
            return add(run.data, run.keyOffset(i), keyLength, run.data, run.keyOffset(i) + keyLength,
                    run.valueLength(i));
        }

        private Builder add(byte[] keyFrom, int keyOffset, int keyLength, byte[] valueFrom, int valueOffset,
                            int valueLength) {
            index[3 * count] = length;
            index[3 * count + 1] = keyLength;
            index[3 * count + 2] = valueLength;
            System.arraycopy(keyFrom, keyOffset, data, length, keyLength);
            length += keyLength;
            if (valueLength > 0) {
                System.arraycopy(valueFrom, valueOffset, data, length, valueLength);
                length += valueLength;
            }
            count++;
            return this;
        }

        /** The run, in arrays cut to what it holds when a quarter or more of them would be slack. */
        SortedRun build() {
            byte[] keptData = length < data.length - data.length / 4 ? Arrays.copyOf(data, length) : data;
            int[] keptIndex = 3 * count < index.length - index.length / 4 ? Arrays.copyOf(index, 3 * count) : index;
            return new SortedRun(keptData, keptIndex, count, length);
        }
    }
}
