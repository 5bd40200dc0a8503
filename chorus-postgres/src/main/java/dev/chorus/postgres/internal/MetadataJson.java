package dev.chorus.postgres.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * Metadata as a flat JSON object of strings, for a {@code json} column: readable with {@code metadata->>'key'},
 * and, unlike {@code jsonb}, able to keep any string, U+0000 included.
 */
public final class MetadataJson {
    private MetadataJson() {}

    public static String encode(Map<String, String> metadata) {
        var out = new StringBuilder(32 + 48 * metadata.size()).append('{');
        for (var entry : metadata.entrySet()) {
            if (out.length() > 1) {
                out.append(',');
            }
            string(out, entry.getKey());
            out.append(':');
            string(out, entry.getValue());
        }
        return out.append('}').toString();
    }

    /** Reads what {@link #encode} wrote (and any flat JSON object of strings, with white space). */
    public static Map<String, String> decode(String json) {
        var parser = new Parser(json);
        var metadata = new HashMap<String, String>();
        parser.expect('{');
        if (!parser.skipIf('}')) {
            do {
                String key = parser.string();
                parser.expect(':');
                metadata.put(key, parser.string());
            } while (parser.skipIf(','));
            parser.expect('}');
        }
        return metadata;
    }

    private static void string(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static final class Parser {
        private final String text;
        private int at;

        Parser(String text) {
            this.text = text;
        }

        void expect(char c) {
            skipSpace();
            if (at >= text.length() || text.charAt(at) != c) {
                throw malformed("expected '" + c + "'");
            }
            at++;
        }

        boolean skipIf(char c) {
            skipSpace();
            if (at < text.length() && text.charAt(at) == c) {
                at++;
                return true;
            }
            return false;
        }

        String string() {
            expect('"');
            var out = new StringBuilder();
            while (true) {
                if (at >= text.length()) {
                    throw malformed("unterminated string");
                }
                char c = text.charAt(at++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (at >= text.length()) {
                    throw malformed("unterminated escape");
                }
                char escaped = text.charAt(at++);
                switch (escaped) {
                    case '"', '\\', '/' -> out.append(escaped);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (at + 4 > text.length()) {
                            throw malformed("short \\u escape");
                        }
                        out.append((char) Integer.parseInt(text, at, at + 4, 16));
                        at += 4;
                    }
                    default -> throw malformed("unknown escape \\" + escaped);
                }
            }
        }

        private void skipSpace() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        private IllegalStateException malformed(String what) {
            return new IllegalStateException("stored metadata is not a flat JSON object of strings: " + what
                    + " at offset " + at);
        }
    }
}
