package dev.chorus.core.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes the instants Chorus writes ({@link Instant#toString()}: {@code 2026-11-27T00:07:55.123456Z}) without
 * the general formatter, which builds a parse context and a map of fields for each one and showed up in profiles
 * of every event read. Anything else (another year width, a leap second, an offset) goes to {@link Instant#parse}.
 */
public final class IsoInstants {
    private static final int SHORTEST = "2026-11-27T00:07:55Z".length();

    private static final long FIRST_DAY_OF_YEAR_0 = LocalDate.of(0, 1, 1).toEpochDay();
    private static final long LAST_DAY_OF_YEAR_9999 = LocalDate.of(9999, 12, 31).toEpochDay();

    private IsoInstants() {}

    public static Instant parse(String text) {
        Instant quick = quick(text);
        return quick != null ? quick : Instant.parse(text);
    }

    /** {@code Instant.ofEpochMilli(millis).toString()}, for the years 0 to 9999, without the general formatter. */
    public static String formatMillis(long millis) {
        long seconds = Math.floorDiv(millis, 1000L);
        long days = Math.floorDiv(seconds, 86_400L);
        if (days < FIRST_DAY_OF_YEAR_0 || days > LAST_DAY_OF_YEAR_9999) {
            return Instant.ofEpochMilli(millis).toString();
        }
        var date = LocalDate.ofEpochDay(days);
        int secondOfDay = (int) (seconds - days * 86_400L);
        int milli = (int) Math.floorMod(millis, 1000L);
        var text = new StringBuilder(24);
        two(two(text.append(four(date.getYear())).append('-'), date.getMonthValue()).append('-'), date.getDayOfMonth());
        two(two(two(text.append('T'), secondOfDay / 3600).append(':'), secondOfDay / 60 % 60).append(':'),
                secondOfDay % 60);
        if (milli != 0) {
            text.append('.').append((char) ('0' + milli / 100)).append((char) ('0' + milli / 10 % 10))
                    .append((char) ('0' + milli % 10));
        }
        return text.append('Z').toString();
    }

    private static String four(int year) {
        String digits = Integer.toString(year);
        return "0".repeat(4 - digits.length()) + digits;
    }

    private static StringBuilder two(StringBuilder text, int value) {
        return text.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    private static @Nullable Instant quick(String s) {
        int n = s.length();
        if (n < SHORTEST || n > SHORTEST + 10 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-'
                || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (n > SHORTEST) {
            int fractionDigits = n - SHORTEST - 1;
            if (s.charAt(19) != '.' || fractionDigits < 1) {
                return null;
            }
            int fraction = digits(s, 20, fractionDigits);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int i = fractionDigits; i < 9; i++) {
                nanos *= 10;
            }
        }
        long days;
        try {
            days = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException invalidDate) {
            return null;
        }
        return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The decimal value of {@code count} ASCII digits from {@code at}, or -1 when any is not a digit. */
    private static int digits(String s, int at, int count) {
        int value = 0;
        for (int i = at; i < at + count; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }
}
