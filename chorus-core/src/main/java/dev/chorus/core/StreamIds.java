package dev.chorus.core;

/**
 * Stream id rules: 1 to {@link StoreLimits#maxStreamIdLength()} characters, no control characters, no
 * leading or trailing whitespace, and no leading {@code $} (reserved for Chorus's own streams).
 */
public final class StreamIds {
    private StreamIds() {}

    public static String validate(String streamId, int maxLength) {
        if (streamId == null || streamId.isEmpty()) {
            throw new ValidationError("streamId", "a stream id must not be empty");
        }
        if (streamId.length() > maxLength) {
            throw new LimitExceeded("streamId length", maxLength, streamId.length());
        }
        if (streamId.charAt(0) == '$') {
            throw new ValidationError("streamId", "stream ids starting with '$' are reserved; got "
                    + ValidationError.quote(streamId));
        }
        if (Character.isWhitespace(streamId.charAt(0)) || Character.isWhitespace(streamId.charAt(streamId.length() - 1))) {
            throw new ValidationError("streamId", "a stream id must not start or end with whitespace; got "
                    + ValidationError.quote(streamId));
        }
        for (int i = 0; i < streamId.length(); i++) {
            char c = streamId.charAt(i);
            if (Character.isISOControl(c)) {
                throw new ValidationError("streamId", "a stream id must not contain control characters (at index "
                        + i + ")");
            }
        }
        int lone = Utf16.loneSurrogateAt(streamId);
        if (lone >= 0) {
            throw new ValidationError("streamId", "a stream id must be valid UTF-16 (lone surrogate at index " + lone
                    + ")");
        }
        return streamId;
    }
}
