package dev.chorus.server;

import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A request's query parameters, checked against the ones a route knows: an unknown or repeated parameter is a
 * 400, so that a typo ({@code ?limt=5}) is not silently ignored. The query string is decoded here (form encoding:
 * {@code +} is a space, so a {@code +} is sent as {@code %2B}); a broken {@code %} escape in a name or a value is a
 * 400, not a parameter quietly dropped. Empty pieces ({@code ?&&limit=1}) are skipped. Lengths count characters
 * (code points: an emoji is one), as the JSON bodies' limits do.
 */
public final class QueryParams {
    private final Map<String, List<String>> values;

    private QueryParams(Map<String, List<String>> values) {
        this.values = values;
    }

    public static QueryParams of(Context ctx, Set<String> known) {
        var values = parse(ctx.queryString());
        for (var entry : values.entrySet()) {
            if (!known.contains(entry.getKey())) {
                throw ApiError.badInput("unknown-parameter", entry.getKey(), "unknown query parameter '"
                        + clip(entry.getKey()) + "'; this endpoint takes " + (known.isEmpty() ? "none"
                        : String.join(", ", new TreeSet<>(known))));
            }
            if (entry.getValue().size() > 1) {
                throw ApiError.badInput("repeated-parameter", entry.getKey(), "give query parameter '"
                        + entry.getKey() + "' once");
            }
        }
        return new QueryParams(values);
    }

    static Map<String, List<String>> parse(String query) {
        var values = new LinkedHashMap<String, List<String>>();
        if (query == null || query.isEmpty()) {
            return values;
        }
        for (String piece : query.split("&")) {
            if (piece.isEmpty()) {
                continue;
            }
            int equals = piece.indexOf('=');
            String name = decode(equals < 0 ? piece : piece.substring(0, equals));
            String value = equals < 0 ? "" : decode(piece.substring(equals + 1));
            values.computeIfAbsent(name, n -> new ArrayList<>(1)).add(value);
        }
        return values;
    }

    /** Percent-decodes a name or value strictly: a broken escape, or bytes that are not UTF-8, are a 400. */
    private static String decode(String encoded) {
        if (encoded.indexOf('\uFFFD') >= 0) {
            // the server's own stand-in for raw bytes that were not UTF-8
            throw notUtf8(encoded);
        }
        if (encoded.indexOf('%') < 0 && encoded.indexOf('+') < 0) {
            return encoded;
        }
        var bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); ) {
            char c = encoded.charAt(i);
            if (c == '%') {
                int high = i + 2 < encoded.length() ? hexDigit(encoded.charAt(i + 1)) : -1;
                int low = high < 0 ? -1 : hexDigit(encoded.charAt(i + 2));
                if (low < 0) {
                    throw new ApiError(400, "bad-request", "the query string has a broken % escape in '"
                            + clip(encoded) + "': a % is followed by two hex digits (send a % itself as %25)");
                }
                bytes.write(high << 4 | low);
                i += 3;
            } else if (c == '+') {
                bytes.write(' ');
                i++;
            } else {
                int codePoint = encoded.codePointAt(i);
                bytes.writeBytes(Character.toString(codePoint).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw notUtf8(encoded);
        }
    }

    private static ApiError notUtf8(String encoded) {
        return new ApiError(400, "bad-request", "the query string's '" + clip(encoded) + "' is not UTF-8 once its %"
                + " escapes are decoded: send text as UTF-8, each byte of it as %XX");
    }

    /** An ASCII hex digit's value, or -1: {@link Character#digit} would take other scripts' digits too. */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    public Optional<String> text(String name, int maxLength) {
        var given = values.get(name);
        if (given == null) {
            return Optional.empty();
        }
        String value = given.getFirst();
        if (value.isEmpty()) {
            throw ApiError.badInput("invalid-parameter", name, name + " must not be empty; leave it out instead");
        }
        int length = value.codePointCount(0, value.length());
        if (length > maxLength) {
            throw ApiError.badInput("too-long", name, name + " holds at most " + maxLength + " characters; got "
                    + length);
        }
        return Optional.of(value);
    }

    /** A whole number from {@code min} to {@code max}, both included. */
    public Optional<Long> integer(String name, long min, long max) {
        return text(name, 20).map(value -> {
            long parsed;
            try {
                parsed = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw ApiError.badInput("invalid-parameter", name, name + " must be a whole number from " + min
                        + " to " + max + "; got '" + value + "'");
            }
            if (parsed < min || parsed > max) {
                throw ApiError.badInput("invalid-parameter", name, name + " must be from " + min + " to " + max
                        + "; got " + parsed);
            }
            return parsed;
        });
    }

    public Optional<Boolean> bool(String name) {
        return text(name, 5).map(value -> switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiError.badInput("invalid-parameter", name, name + " is true or false; got '"
                    + value + "'");
        });
    }

    private static String clip(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "…";
    }
}
