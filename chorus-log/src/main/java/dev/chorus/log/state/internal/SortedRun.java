package dev.chorus.log.state.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An immutable run of state entries sorted by key (UTF-8 bytes, unsigned: code point order), held in one array
 * whatever the number of entries: the keys and values back to back, then three ints per entry (where its key
 * starts, the key's length, the value's length, or {@link #REMOVED} for an entry that records a removal). A garbage
 * collector copies or scans one array, not four objects per entry: that is what the state store keeps its older
 * entries in ({@link StateMap}). One array rather than one for the bytes and one for the ints, because a run of a
 * few megabytes is then one object large enough to be allocated where the collector does not copy it (a G1
 * humongous object), where its ints alone were a young array of a megabyte that every young pause copied again.
 */
final class SortedRun {
    static final int REMOVED = -1;
    /** Largest array of one run: merges that would pass it leave the runs apart. */
    static final int MAX_DATA = Integer.MAX_VALUE - 64;
    /** Bytes of each entry's ints. */
    static final int ENTRY_BYTES = 12;
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private final byte[] data;
    /** Where the entries' ints start in {@link #data}. */
    private final int index;
    private final int count;
    private final int dataLength;

    private SortedRun(byte[] data, int index, int count, int dataLength) {
        this.data = data;
        this.index = index;
        this.count = count;
        this.dataLength = dataLength;
    }

    int count() {
        return count;
    }

    /** Bytes of keys and values. */
    int dataLength() {
        return dataLength;
    }

    /** Bytes of keys, values and the entries' ints: what a merge of this run needs room for. */
    long size() {
        return dataLength + (long) ENTRY_BYTES * count;
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
        int offset = keyOffset(i);
        return Arrays.compareUnsigned(data, offset, offset + keyLength(i), key, 0, key.length);
    }

    /** Compares entry {@code i}'s key with entry {@code j}'s key of {@code other}. */
    int compareKey(int i, SortedRun other, int j) {
        int offset = keyOffset(i);
        int otherOffset = other.keyOffset(j);
        return Arrays.compareUnsigned(data, offset, offset + keyLength(i),
                other.data, otherOffset, otherOffset + other.keyLength(j));
    }

    byte[] key(int i) {
        int offset = keyOffset(i);
        return Arrays.copyOfRange(data, offset, offset + keyLength(i));
    }

    boolean removed(int i) {
        return valueLength(i) == REMOVED;
    }

    /** A copy of entry {@code i}'s value; not for a removal. */
    byte[] value(int i) {
        int start = keyOffset(i) + keyLength(i);
        return Arrays.copyOfRange(data, start, start + valueLength(i));
    }

    int keyOffset(int i) {
        return (int) INT.get(data, index + ENTRY_BYTES * i);
    }

    int keyLength(int i) {
        return (int) INT.get(data, index + ENTRY_BYTES * i + 4);
    }

    int valueLength(int i) {
        return (int) INT.get(data, index + ENTRY_BYTES * i + 8);
    }

    byte[] data() {
        return data;
    }

    /** The bytes its array takes, used or not. */
    int capacity() {
        return data.length;
    }

    /** Entries in key order, appended one by one into an array sized up front. */
    static final class Builder {
        private final byte[] data;
        private final int index;
        private final int entries;
        private int count;
        private int length;

        /** Room for {@code entries} entries of {@code bytes} key and value bytes in all. */
        Builder(int entries, long bytes) {
            long size = bytes + (long) ENTRY_BYTES * entries;
            if (size > MAX_DATA) {
                throw new IllegalArgumentException("a run holds at most " + MAX_DATA + " bytes; asked for " + size);
            }
            this.data = new byte[(int) size];
            this.index = (int) bytes;
            this.entries = entries;
        }

        /** Whether an entry of {@code bytes} key and value bytes still fits. */
        boolean fits(long bytes) {
            return count < entries && length + bytes <= index;
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
            int at = index + ENTRY_BYTES * count;
            INT.set(data, at, length);
            INT.set(data, at + 4, keyLength);
            INT.set(data, at + 8, valueLength);
            System.arraycopy(keyFrom, keyOffset, data, length, keyLength);
            length += keyLength;
            if (valueLength > 0) {
                System.arraycopy(valueFrom, valueOffset, data, length, valueLength);
                length += valueLength;
            }
            count++;
            return this;
        }

        /** The run, in an array cut to what it holds when a quarter or more of it would be slack. */
        SortedRun build() {
            int used = length + ENTRY_BYTES * count;
            if (used >= data.length - data.length / 4) {
                return new SortedRun(data, index, count, length);
            }
            byte[] kept = Arrays.copyOf(data, used);
            System.arraycopy(data, index, kept, length, ENTRY_BYTES * count);
            return new SortedRun(kept, length, count, length);
        }
    }
}
