package dev.chorus.server;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A request the API refuses, already in HTTP terms: a status, a stable kebab-case {@code code} and a message that
 * says what to do. Thrown by routes and request helpers; answered as
 * {@code {"error":code,"message":message[,"field":field][,"details":{...}]}}. Nothing was written.
 */
public final class ApiError extends RuntimeException {
    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    private final int status;
    private final String code;
    private final Optional<String> field;
    private final Map<String, String> details;

    public ApiError(int status, String code, String message, Optional<String> field, Map<String, String> details) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an API error is a 4xx or 5xx status; got " + status);
        }
        if (!CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("an error code is kebab case; got '" + code + "'");
        }
        this.status = status;
        this.code = code;
        this.field = Objects.requireNonNull(field, "field");
        this.details = Map.copyOf(details);
    }

    public ApiError(int status, String code, String message) {
        this(status, code, message, Optional.empty(), Map.of());
    }

    /** 400 about one named input (a body field, a query or path parameter). */
    public static ApiError badInput(String code, String field, String message) {
        return new ApiError(400, code, message, Optional.of(field), Map.of());
    }

    /** 413 {@code body-too-large}, the same from every place a body is measured; {@code announced} 0 or less: unknown. */
    public static ApiError bodyTooLarge(long maxBytes, long announced) {
        return new ApiError(413, "body-too-large", "a request body holds at most " + maxBytes + " bytes"
                + (announced > 0 ? "; this one announced " + announced : "") + ": send less", Optional.empty(),
                Map.of("limit", Long.toString(maxBytes)));
    }

    public static ApiError notFound(String code, String message) {
        return new ApiError(404, code, message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Optional<String> field() {
        return field;
    }

    public Map<String, String> details() {
        return details;
    }
}
