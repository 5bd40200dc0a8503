package dev.chorus.log.state;

import dev.chorus.core.state.StateWrite;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * What the crash test's child commits, as a pure function of (thread, sequence), so that the test can rebuild what
 * any number of a thread's commits must have left, and compare it with what the store holds. Each thread owns the
 * namespace {@code w/<thread>/}; its {@code next} key says how many of its commits the store has.
 */
final class CrashWorkload {
    static final int ITEMS = 16;
    static final String BALLAST = "ballast/";

    private CrashWorkload() {}

    static String namespace(int thread) {
        return "w/" + thread + "/";
    }

    static String nextKey(int thread) {
        return namespace(thread) + "next";
    }

    /** Commit number {@code seq} of {@code thread}: several writes that must land together or not at all. */
    static List<StateWrite> commit(int thread, long seq) {
        String ns = namespace(thread);
        var writes = new ArrayList<StateWrite>(5);
        if (seq % 50 == 49) {
            writes.add(StateWrite.deletePrefix(ns + "item/"));
        }
        writes.add(StateWrite.put(ns + "item/" + (seq % ITEMS), payload(thread, seq)));
        if (seq % 7 == 3) {
            writes.add(StateWrite.delete(ns + "item/" + ((seq + 5) % ITEMS)));
        }
        writes.add(StateWrite.put(ns + "last", ("commit " + seq + " of thread " + thread).getBytes(StandardCharsets.UTF_8)));
        writes.add(StateWrite.put(nextKey(thread), encode(seq + 1)));
        return writes;
    }

    /** 1 to 2,000 bytes that only this commit writes. */
    static byte[] payload(int thread, long seq) {
        long mix = (seq * 0x9E3779B97F4A7C15L) ^ (thread * 0xC2B2AE3D27D4EB4FL);
        int length = 1 + (int) Long.remainderUnsigned(mix, 2_000);
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (mix >>> ((i % 8) * 8) ^ i);
        }
        return bytes;
    }

    static byte[] encode(long value) {
        return ByteBuffer.allocate(8).putLong(value).array();
    }

    static long decode(byte[] bytes) {
        return ByteBuffer.wrap(bytes).getLong();
    }

    static String ballastKey(int i) {
        return BALLAST + String.format("%06d", i);
    }

    static byte[] ballastValue(int i, int size) {
        byte[] bytes = new byte[size];
        for (int b = 0; b < size; b++) {
            bytes[b] = (byte) (i * 131 + b);
        }
        return bytes;
    }

    /** A thread's namespace as the model says it must be after its first {@code next} commits; advanced in place. */
    static final class Model {
        final int thread;
        final TreeMap<String, byte[]> entries = new TreeMap<>();
        long next;

        Model(int thread) {
            this.thread = thread;
        }

        void advanceTo(long target) {
            for (; next < target; next++) {
                for (StateWrite write : commit(thread, next)) {
                    switch (write) {
                        case StateWrite.Put put -> entries.put(put.key(), put.value());
                        case StateWrite.Delete delete -> entries.remove(delete.key());
                        case StateWrite.DeletePrefix prefix -> entries.keySet()
                                .removeIf(key -> key.startsWith(prefix.prefix()));
                    }
                }
            }
        }
    }
}
