package dev.chorus.core.saga.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.UUID;

/**
 * Ids for what a saga step sends out (commands, published events, fired timeouts), derived from what caused
 * them instead of drawn at random: a redelivered step sends copies under the same ids, which an idempotent
 * receiver applies once. Shaped as version 7 UUIDs stamped with the cause's time, like every other event id.
 */
public final class DerivedIds {
    private DerivedIds() {}

    public static String derive(Instant causeTime, String... parts) {
        byte[] digest = sha256("chorus-saga\n" + String.join("\n", parts));
        var bits = ByteBuffer.wrap(digest);
        long randA = bits.getLong();
        long randB = bits.getLong();
        long millis = Math.max(0, causeTime.toEpochMilli());
        long msb = (millis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | (randA & 0x0FFFL);
        long lsb = (randB & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb).toString();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
