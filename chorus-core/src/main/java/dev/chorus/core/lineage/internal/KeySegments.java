package dev.chorus.core.lineage.internal;

import dev.chorus.core.Utf16;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Turns free text (a correlation id, a timeout id) into one segment of a state key, and numbers and instants
 * into segments that sort in order. A correlation id may hold '/', be long, or even be malformed UTF-16; a
 * segment holds no '/', so a prefix scan over {@code <segment>/} never reaches another id's keys.
 *
 * <p>Short, well-formed ids stay readable: '%', '/' and '#' are percent-escaped. Any other id becomes
 * {@code #} and the SHA-256 of its UTF-16 code units, which an escaped id never starts with.
 */
public final class KeySegments {
    /** Longest readable segment, in UTF-8 bytes; keys allow 1024 and carry a prefix and a suffix too. */
    public static final int MAX_READABLE_BYTES = 200;

    private KeySegments() {}

    public static String of(String id) {
        if (!id.isEmpty() && Utf16.loneSurrogateAt(id) < 0) {
            var escaped = escape(id);
            if (escaped.getBytes(StandardCharsets.UTF_8).length <= MAX_READABLE_BYTES) {
                return escaped;
            }
        }
        return "#" + hash(id);
    }

    /** A position, zero-padded to 19 digits so keys sort by it. */
    public static String pad(long position) {
        return zeroPadded(position, 19);
    }

    /** An instant as fixed-width seconds and nanos, sorting in time order; instants before 1970 sort as 1970. */
    public static String sortable(Instant instant) {
        var at = instant.isBefore(Instant.EPOCH) ? Instant.EPOCH : instant;
        return zeroPadded(at.getEpochSecond(), 19) + "." + zeroPadded(at.getNano(), 9);
    }

    /** {@code String.format("%0<width>d", value)} without parsing a format on every key. */
    static String zeroPadded(long value, int width) {
        if (value < 0) {
            return String.format(Locale.ROOT, "%0" + width + "d", value);
        }
        String digits = Long.toString(value);
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }

    private static String escape(String id) {
        var text = new StringBuilder(id.length() + 8);
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            switch (c) {
                case '%' -> text.append("%25");
                case '/' -> text.append("%2F");
                case '#' -> text.append("%23");
                default -> text.append(c);
            }
        }
        return text.toString();
    }

    private static String hash(String id) {
        // UTF-16 units, not UTF-8: two malformed ids must not collide through replacement characters.
        byte[] units = new byte[id.length() * 2];
        for (int i = 0; i < id.length(); i++) {
            units[2 * i] = (byte) (id.charAt(i) >> 8);
            units[2 * i + 1] = (byte) id.charAt(i);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(units));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
