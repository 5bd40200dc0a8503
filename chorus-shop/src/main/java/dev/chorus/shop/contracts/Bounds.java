package dev.chorus.shop.contracts;

import java.util.List;

/**
 * The shop's documented bounds. They are chosen so that no sum the services compute can overflow a
 * {@code long}: a line is at most 10^4 x 10^9 = 10^13 cents, an order at most 100 lines = 10^15 cents,
 * a credit limit at most 10^12 cents, a SKU's stock at most 10^9 units.
 */
public final class Bounds {
    public static final int MAX_TEXT = 200;
    public static final int MAX_ADDRESS = 500;
    public static final int MAX_EMAIL = 254;
    public static final int MAX_ID = 100;
    public static final int MAX_QUANTITY = 10_000;
    public static final long MAX_UNIT_PRICE = 1_000_000_000L;
    public static final int MAX_LINES = 100;
    public static final long MAX_CREDIT_LIMIT = 1_000_000_000_000L;
    public static final long MAX_STOCK = 1_000_000_000L;

    private Bounds() {}

    /** Non-blank text of at most {@code max} characters, without control characters or lone surrogates. */
    public static String text(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new InvalidValue(field, "is required and must not be blank");
        }
        // characters as a reader counts them: code points, so that an emoji is one, not two UTF-16 units
        if (value.length() > max && value.codePointCount(0, value.length()) > max) {
            throw new InvalidValue(field, "must be at most " + max + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                throw new InvalidValue(field, "must not contain control characters");
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidValue(field, "must be valid Unicode text");
            }
        }
        return value;
    }

    /**
     * An id or SKU: 1 to {@value #MAX_ID} letters, digits, {@code .}, {@code _}, {@code :} or {@code -}, starting
     * with a letter or digit. Ids end up in stream ids and read-model keys, so nothing else gets that far.
     */
    public static String id(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidValue(field, "is required");
        }
        if (value.length() > MAX_ID) {
            throw new InvalidValue(field, "must be at most " + MAX_ID + " characters");
        }
        if (!ID.matcher(value).matches()) {
            throw new InvalidValue(field, "must be letters, digits, '.', '_', ':' or '-', starting with a letter or digit");
        }
        return value;
    }

    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]*");

    public static String email(String value) {
        text("email", value, MAX_EMAIL);
        int at = value.indexOf('@');
        if (at <= 0 || at != value.lastIndexOf('@') || at == value.length() - 1 || value.chars().anyMatch(Character::isWhitespace)) {
            throw new InvalidValue("email", "must look like name@domain");
        }
        return value;
    }

    public static int quantity(String field, int value) {
        if (value < 1 || value > MAX_QUANTITY) {
            throw new InvalidValue(field, "must be between 1 and " + MAX_QUANTITY);
        }
        return value;
    }

    public static long unitPrice(String field, long value) {
        if (value < 0 || value > MAX_UNIT_PRICE) {
            throw new InvalidValue(field, "must be between 0 and " + MAX_UNIT_PRICE + " cents");
        }
        return value;
    }

    public static long creditLimit(long value) {
        if (value < 0 || value > MAX_CREDIT_LIMIT) {
            throw new InvalidValue("creditLimit", "must be between 0 and " + MAX_CREDIT_LIMIT + " cents");
        }
        return value;
    }

    /** Checks every line and returns the order's total, which is at most 10^15 cents. */
    public static long lines(List<OrderLine> lines) {
        if (lines == null || lines.isEmpty()) {
            throw new InvalidValue("lines", "must hold at least one line");
        }
        if (lines.size() > MAX_LINES) {
            throw new InvalidValue("lines", "must hold at most " + MAX_LINES + " lines");
        }
        long total = 0;
        for (int i = 0; i < lines.size(); i++) {
            var line = lines.get(i);
            if (line == null) {
                throw new InvalidValue("lines[" + i + "]", "is required");
            }
            id("lines[" + i + "].sku", line.sku());
            quantity("lines[" + i + "].quantity", line.quantity());
            unitPrice("lines[" + i + "].unitPrice", line.unitPrice());
            total += line.lineTotal();
        }
        return total;
    }
}
