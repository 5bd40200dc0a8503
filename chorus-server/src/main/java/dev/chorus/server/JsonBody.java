package dev.chorus.server;

import dev.chorus.core.Utf16;
import dev.chorus.server.internal.Jackson3Mapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A JSON object request body, and typed, bounded access to its fields. Every way a body can be wrong ends in an
 * {@link ApiError}: 415 for another media type, 413 past the size limit (refused before the body is read), 400
 * for malformed JSON, a missing, empty, mistyped or out-of-range field.
 */
public final class JsonBody {
    private final ObjectNode node;
    private final String path;

    private JsonBody(ObjectNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** Reads the request's body: at most {@code maxBytes}, and only as JSON. */
    public static JsonBody read(Context ctx, int maxBytes) {
        String encoding = Objects.requireNonNullElse(ctx.header("Content-Encoding"), "identity").strip();
        if (!encoding.isEmpty() && !encoding.equalsIgnoreCase("identity")) {
            throw new ApiError(415, "unsupported-media-type", "send the body uncompressed: this API reads no"
                    + " Content-Encoding; got '" + clip(encoding) + "'");
        }
        String type = Objects.requireNonNullElse(ctx.contentType(), "");
        String mediaType = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            throw new ApiError(415, "unsupported-media-type", "send the body as JSON with Content-Type: "
                    + "application/json; got " + (type.isEmpty() ? "no Content-Type" : "'" + clip(type) + "'"));
        }
        byte[] bytes = readBounded(ctx, maxBytes);
        if (bytes.length == 0) {
            throw new ApiError(400, "missing-body", "send a JSON object as the body");
        }
        JsonNode parsed;
        try {
            parsed = Jackson3Mapper.MAPPER.readTree(bytes);
        } catch (JacksonException e) {
            throw new ApiError(400, "malformed-json", "the body is not valid JSON: " + reason(e) + "; send a JSON "
                    + "object");
        }
        if (!(parsed instanceof ObjectNode object)) {
            throw new ApiError(400, "malformed-json", "the body must be a JSON object, {...}; got "
                    + parsed.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return new JsonBody(object, "");
    }

    /** The body's bytes, refusing with 413 as soon as more than {@code maxBytes} are announced or arrive. */
    static byte[] readBounded(Context ctx, int maxBytes) {
        long announced = ctx.req().getContentLengthLong();
        if (announced > maxBytes) {
            throw tooLarge(maxBytes, announced);
        }
        try (InputStream in = ctx.req().getInputStream()) {
            // One byte past the limit is enough to know a chunked body is too large.
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw tooLarge(maxBytes, -1);
            }
            return bytes;
        } catch (IOException e) {
            throw new ApiError(400, "unreadable-body", "the body could not be read (" + clip(e.getMessage())
                    + "); send it again");
        }
    }

    static ApiError tooLarge(int maxBytes, long announced) {
        return ApiError.bodyTooLarge(maxBytes, announced);
    }

    /** A non-blank string of at most {@code maxLength} characters, without control characters or lone surrogates. */
    public String text(String field, int maxLength) {
        JsonNode value = required(field);
        if (!value.isString()) {
            throw wrongType(field, "a string", value);
        }
        String text = value.asString();
        if (text.isBlank()) {
            throw ApiError.badInput("empty-field", name(field), name(field) + " must not be empty");
        }
        // characters as a reader counts them: code points, so that an emoji is one, not two UTF-16 units
        if (text.length() > maxLength && text.codePointCount(0, text.length()) > maxLength) {
            throw ApiError.badInput("too-long", name(field), name(field) + " holds at most " + maxLength
                    + " characters; got " + text.codePointCount(0, text.length()));
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                throw ApiError.badInput("invalid-field", name(field), name(field)
                        + " must not contain control characters (at index " + i + ")");
            }
        }
        int lone = Utf16.loneSurrogateAt(text);
        if (lone >= 0) {
            throw ApiError.badInput("invalid-field", name(field), name(field) + " must be text: a lone UTF-16"
                    + " surrogate (\\u" + Integer.toHexString(text.charAt(lone)) + ") at index " + lone
                    + " is no character");
        }
        return text;
    }

    public Optional<String> optionalText(String field, int maxLength) {
        return node.has(field) && !node.get(field).isNull() ? Optional.of(text(field, maxLength)) : Optional.empty();
    }

    /** A whole number from {@code min} to {@code max}, both included: not a string, not a fraction. */
    public long integer(String field, long min, long max) {
        JsonNode value = required(field);
        if (!value.isIntegralNumber()) {
            throw wrongType(field, "a whole number", value);
        }
        if (!value.canConvertToLong() || value.asLong() < min || value.asLong() > max) {
            throw ApiError.badInput("out-of-range", name(field), name(field) + " must be from " + min + " to " + max
                    + "; got " + clip(value.toString()));
        }
        return value.asLong();
    }

    public boolean bool(String field) {
        JsonNode value = required(field);
        if (!value.isBoolean()) {
            throw wrongType(field, "true or false", value);
        }
        return value.asBoolean();
    }

    /** A non-empty array of objects, at most {@code maxItems}; each one is read like a body. */
    public List<JsonBody> objects(String field, int maxItems) {
        JsonNode value = required(field);
        if (!value.isArray()) {
            throw wrongType(field, "an array", value);
        }
        if (value.isEmpty()) {
            throw ApiError.badInput("empty-field", name(field), name(field) + " must hold at least one item");
        }
        if (value.size() > maxItems) {
            throw ApiError.badInput("too-long", name(field), name(field) + " holds at most " + maxItems
                    + " items; got " + value.size());
        }
        var items = new ArrayList<JsonBody>(value.size());
        for (int i = 0; i < value.size(); i++) {
            String at = name(field) + "[" + i + "]";
            if (!(value.get(i) instanceof ObjectNode object)) {
                throw ApiError.badInput("wrong-type", at, at + " must be an object, {...}");
            }
            items.add(new JsonBody(object, at + "."));
        }
        return items;
    }

    private JsonNode required(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw ApiError.badInput("missing-field", name(field), "the body needs " + name(field));
        }
        return value;
    }

    /** 400 {@code invalid-field}: {@code field} (named as the client sent it, {@code lines[0].sku}) breaks {@code rule}. */
    public ApiError invalid(String field, String rule) {
        return ApiError.badInput("invalid-field", name(field), name(field) + " " + rule);
    }

    private ApiError wrongType(String field, String expected, JsonNode got) {
        String what = !got.isNumber() ? got.getNodeType().name().toLowerCase(Locale.ROOT)
                : got.isIntegralNumber() ? clip(got.toString()) + ", a number"
                : clip(got.toString()) + ", a number written with a fraction or an exponent";
        return ApiError.badInput("wrong-type", name(field), name(field) + " must be " + expected + "; got " + what);
    }

    private String name(String field) {
        return path + field;
    }

    /**
     * The parser's complaint in the client's terms: where, and what, without the parser's own setting names (a client
     * cannot enable them) or its source description.
     */
    private static String reason(JacksonException e) {
        String what = Objects.requireNonNullElse(e.getOriginalMessage(), "unreadable");
        // the parser's advice names its own settings, which a client cannot change: keep what comes before it
        for (String advice : List.of(" (not recognized as one", ": enable `", " not allowed as per",
                " require enabling", " since Feature")) {
            int at = what.indexOf(advice);
            if (at > 0) {
                what = what.substring(0, at);
            }
        }
        what = what.replaceAll("\\s*\\([^()]*\\[Source:[^\\]]*][^()]*\\)", "") // where, said below in lines
                .replaceAll(",\\s*from\\s*`[^`]*`", "") // a limit's setting name, its number kept
                .replaceAll("\\s*\\([^()`]*`[^`]*`[^()]*\\)", "")
                .replaceAll("`[^`]*`", "")
                .replaceAll("[\\s:;,]+$", "");
        if (what.length() > 160) {
            int cut = what.lastIndexOf(' ', 160);
            what = what.substring(0, cut > 80 ? cut : 160);
        }
        var at = e.getLocation();
        return at == null || at.getLineNr() < 1 ? what
                : what + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    private static String clip(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= 120 ? text : text.substring(0, 120) + "…";
    }
}
