package dev.chorus.core.handler.internal;

import dev.chorus.core.RecordedEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Ids for the events a handler appends, derived from what caused them rather than drawn at random, so a
 * redelivered handler appends copies under the same ids and idempotent subscribers apply them once. Shaped
 * as version 7 UUIDs stamped with the handled event's time, like every other event id.
 */
final class DerivedEventIds {
    private DerivedEventIds() {}

    static String derive(String handler, RecordedEvent cause, int index) {
        String causeId = cause.eventId().isEmpty() ? "position-" + cause.position() : cause.eventId();
        byte[] digest = sha256("chorus-handler\n" + handler + "\n" + causeId + "\n" + index);
        var bits = ByteBuffer.wrap(digest);
        long randA = bits.getLong();
        long randB = bits.getLong();
        long millis = cause.recordedAt().toEpochMilli();
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
