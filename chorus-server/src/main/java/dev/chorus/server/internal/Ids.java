package dev.chorus.server.internal;

import dev.chorus.server.ApiError;

/** Checks ids that arrive in a path or a query: present, not too long, printable. */
final class Ids {
    /** As long as a stream id may be. */
    static final int MAX_LENGTH = 200;

    private Ids() {}

    static String check(String field, String value) {
        if (value.isEmpty()) {
            throw ApiError.badInput("invalid-parameter", field, field + " must not be empty");
        }
        int length = value.codePointCount(0, value.length());
        if (length > MAX_LENGTH) {
            throw ApiError.badInput("too-long", field, field + " holds at most " + MAX_LENGTH + " characters; got "
                    + length);
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw ApiError.badInput("invalid-parameter", field, field
                        + " must not contain control characters (at index " + i + ")");
            }
        }
        return value;
    }
}
