package dev.chorus.core.handler;

import java.util.Objects;

/**
 * What went wrong, as far as an operator needs it: the exception's class and message and a short stack
 * summary (the top frames of the exception and of each cause), not the whole trace.
 */
public record Failure(String errorClass, String message, String stackSummary) {
    /** Frames kept per exception in the chain. */
    public static final int FRAMES = 8;
    /** Longest message and stack summary kept, in characters. */
    public static final int MAX_TEXT = 4000;

    public Failure {
        Objects.requireNonNull(errorClass, "errorClass");
        message = clip(Objects.requireNonNull(message, "message"));
        stackSummary = clip(Objects.requireNonNull(stackSummary, "stackSummary"));
    }

    public static Failure of(Throwable error) {
        return new Failure(error.getClass().getName(), Objects.requireNonNullElse(error.getMessage(), ""),
                summarise(error));
    }

    private static String summarise(Throwable error) {
        var text = new StringBuilder();
        Throwable current = error;
        // Bounded: a cause chain can be cyclic.
        for (int depth = 0; current != null && depth < 5; depth++, current = current.getCause()) {
            if (depth > 0) {
                text.append("caused by ");
            }
            text.append(current.getClass().getName());
            if (current.getMessage() != null) {
                text.append(": ").append(current.getMessage());
            }
            text.append('\n');
            var frames = current.getStackTrace();
            for (int i = 0; i < Math.min(FRAMES, frames.length); i++) {
                text.append("  at ").append(frames[i]).append('\n');
            }
            if (frames.length > FRAMES) {
                text.append("  ... ").append(frames.length - FRAMES).append(" more\n");
            }
        }
        return text.toString();
    }

    private static String clip(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…";
    }
}
