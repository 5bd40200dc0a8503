package dev.chorus.core.handler;

import dev.chorus.core.ValidationError;

/**
 * Names one dead letter: the subscriber that gave up and the global position of the event it gave up on.
 * A subscriber sees an event once, so the pair is unique; failing again on a retry updates the same dead
 * letter instead of adding a second one. Written {@code <handler>@<position>}, e.g. {@code mailer@42}.
 */
public record DeadLetterId(String handler, long position) {
    public DeadLetterId {
        HandlerNames.validate(handler);
        if (position < 0) {
            throw new ValidationError("position", "an event position is 0 or more; got " + position);
        }
    }

    public static DeadLetterId of(String handler, long position) {
        return new DeadLetterId(handler, position);
    }

    /** Reads {@code <handler>@<position>}, as printed by {@link #toString()}. */
    public static DeadLetterId parse(String text) {
        int at = text.lastIndexOf('@');
        if (at <= 0 || at == text.length() - 1) {
            throw new ValidationError("id", "a dead-letter id reads <handler>@<position>, e.g. mailer@42; got \""
                    + text + "\"");
        }
        long position;
        try {
            position = Long.parseLong(text.substring(at + 1));
        } catch (NumberFormatException e) {
            throw new ValidationError("id", "the position of dead-letter id \"" + text + "\" is not a number");
        }
        return new DeadLetterId(text.substring(0, at), position);
    }

    @Override
    public String toString() {
        return handler + "@" + position;
    }
}
