package dev.chorus.log.internal;

/** A 64-bit hash of a stream id for the on-disk index. Collisions are possible and checked on read. */
public final class StreamHash {
    private StreamHash() {}

    public static long of(String streamId) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < streamId.length(); i++) {
            h ^= streamId.charAt(i);
            h *= 0x100000001b3L;
        }
        // murmur3's finalizer spreads FNV's weak low bits
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
