package dev.chorus.server;

import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A request's query parameters, checked against the ones a route knows: an unknown or repeated parameter is a
 * 400, so that a typo ({@code ?limt=5}) is not silently ignored.
 */
public final class QueryParams {
    private final Map<String, List<String>> values;

    private QueryParams(Map<String, List<String>> values) {
        this.values = values;
    }

    public static QueryParams of(Context ctx, Set<String> known) {
        var values = ctx.queryParamMap();
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

    public Optional<String> text(String name, int maxLength) {
        var given = values.get(name);
        if (given == null) {
            return Optional.empty();
        }
        String value = given.getFirst();
        if (value.isEmpty()) {
            throw ApiError.badInput("invalid-parameter", name, name + " must not be empty; leave it out instead");
        }
        if (value.length() > maxLength) {
            throw ApiError.badInput("too-long", name, name + " holds at most " + maxLength + " characters; got "
                    + value.length());
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
