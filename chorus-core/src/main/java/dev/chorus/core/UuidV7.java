package dev.chorus.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** RFC 9562 version 7 UUIDs: time-ordered by the millisecond of the given clock, random below. */
public final class UuidV7 {
    private UuidV7() {}

    public static UUID next(Clock clock) {
        return at(clock.millis(), ThreadLocalRandom.current().nextLong(), ThreadLocalRandom.current().nextLong());
    }

    /**
     * A version 7 UUID derived from {@code parts} instead of drawn at random, stamped with {@code time}: what a
     * redelivered handler or saga step sends again carries the same id, so an idempotent receiver applies it once.
     */
    public static UUID derived(Instant time, String... parts) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(String.join("\n", parts).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        var bits = ByteBuffer.wrap(digest);
        return at(Math.max(0, time.toEpochMilli()), bits.getLong(), bits.getLong());
    }

    static UUID at(long unixMillis, long randA, long randB) {
        long msb = (unixMillis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | (randA & 0x0FFFL);
        long lsb = (randB & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }

    /** The millisecond a version 7 UUID was made in. */
    public static long millisOf(UUID uuid) {
        if (uuid.version() != 7) {
            throw new ValidationError("uuid", "not a version 7 UUID: " + uuid);
        }
        return uuid.getMostSignificantBits() >>> 16;
    }
}
