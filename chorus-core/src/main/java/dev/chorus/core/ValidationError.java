package dev.chorus.core;

/** The input is wrong and nothing was written. Retrying the same input fails the same way. */
public class ValidationError extends ChorusException {
    private final String field;

    public ValidationError(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }

    static String quote(String value) {
        if (value == null) {
            return "null";
        }
        return value.length() > 60 ? "\"" + value.substring(0, 60) + "…\" (" + value.length() + " characters)"
                : "\"" + value + "\"";
    }
}
