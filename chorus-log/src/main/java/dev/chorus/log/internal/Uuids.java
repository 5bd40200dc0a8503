package dev.chorus.log.internal;

/** Canonical (lower-case, hyphenated) UUID strings to 16 bytes and back, without a UUID object. */
final class Uuids {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Uuids() {}

    /** Where {@link #parse} puts a UUID's two halves. */
    interface Parsed {
        void uuid(long high, long low);
    }

    /** Checks and converts in one pass: false (and nothing given to {@code into}) when not canonical. */
    static boolean parse(String s, Parsed into) {
        if (s.length() != 36 || s.charAt(8) != '-' || s.charAt(13) != '-' || s.charAt(18) != '-'
                || s.charAt(23) != '-') {
            return false;
        }
        long a = hexOrNegative(s, 0, 8);
        long b = hexOrNegative(s, 9, 13);
        long c = hexOrNegative(s, 14, 18);
        long d = hexOrNegative(s, 19, 23);
        long e = hexOrNegative(s, 24, 36);
        if ((a | b | c | d | e) < 0) {
            return false;
        }
        into.uuid(a << 32 | b << 16 | c, d << 48 | e);
        return true;
    }

    /** At most 12 lower-case hex digits as a value, or -1 if any other character is among them. */
    private static long hexOrNegative(String s, int from, int to) {
        long v = 0;
        for (int i = from; i < to; i++) {
            char ch = s.charAt(i);
            int digit;
            if (ch >= '0' && ch <= '9') {
                digit = ch - '0';
            } else if (ch >= 'a' && ch <= 'f') {
                digit = ch - 'a' + 10;
            } else {
                return -1;
            }
            v = v << 4 | digit;
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
