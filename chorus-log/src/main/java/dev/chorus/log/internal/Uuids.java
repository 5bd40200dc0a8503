package dev.chorus.log.internal;

/** Canonical (lower-case, hyphenated) UUID strings to 16 bytes and back, without a UUID object. */
final class Uuids {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Uuids() {}

    static boolean isCanonical(String s) {
        if (s.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    return false;
                }
            } else if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    static long high(String s) {
        return hex(s, 0, 8) << 32 | hex(s, 9, 13) << 16 | hex(s, 14, 18);
    }

    static long low(String s) {
        return hex(s, 19, 23) << 48 | hex(s, 24, 36);
    }

    private static long hex(String s, int from, int to) {
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            v = v << 4 | (c <= '9' ? c - '0' : c - 'a' + 10);
        }
        return v;
    }

    static String format(long high, long low) {
        char[] out = new char[36];
        put(out, 0, high >>> 32, 8);
        out[8] = '-';
        put(out, 9, high >>> 16, 4);
        out[13] = '-';
        put(out, 14, high, 4);
        out[18] = '-';
        put(out, 19, low >>> 48, 4);
        out[23] = '-';
        put(out, 24, low, 12);
        return new String(out);
    }

    private static void put(char[] out, int at, long value, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            out[at + i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
    }
}
