package dev.chorus.bench.internal;

import java.util.Locale;

/** A one-line JSON object written by hand: this module has no JSON library, and needs only flat objects. */
final class JsonLine {
    private final StringBuilder json = new StringBuilder("{");

    JsonLine put(String key, String value) {
        key(key).append(quote(value));
        return this;
    }

    JsonLine put(String key, long value) {
        key(key).append(value);
        return this;
    }

    JsonLine put(String key, boolean value) {
        key(key).append(value);
        return this;
    }

    /** Rounded to 3 decimals; not-a-number and infinities, which JSON cannot hold, become null. */
    JsonLine put(String key, double value) {
        key(key).append(Double.isFinite(value) ? String.format(Locale.ROOT, "%.3f", value) : "null");
        return this;
    }

    @Override
    public String toString() {
        return json + "}";
    }

    private StringBuilder key(String key) {
        if (json.length() > 1) {
            json.append(',');
        }
        return json.append(quote(key)).append(':');
    }

    static String quote(String s) {
        var out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
