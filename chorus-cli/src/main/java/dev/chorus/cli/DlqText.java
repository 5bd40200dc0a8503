package dev.chorus.cli;

import dev.chorus.core.handler.DeadLetter;
import dev.chorus.core.handler.DeadLetterStatus;
import java.io.PrintStream;
import java.util.List;

/** How dead letters read on a terminal: one line each in a list, every field in {@code show}. */
final class DlqText {
    private static final int ERROR_WIDTH = 70;

    private DlqText() {}

    static void table(List<DeadLetter> letters, PrintStream out) {
        int idWidth = Math.max(2, letters.stream().mapToInt(l -> l.id().toString().length()).max().orElse(2));
        int eventWidth = Math.max(5, letters.stream().mapToInt(l -> event(l).length()).max().orElse(5));
        String format = "%-" + idWidth + "s  %-15s  %8s  %-20s  %-" + eventWidth + "s  %s%n";
        out.printf(format, "ID", "STATUS", "ATTEMPTS", "LAST FAILURE", "EVENT", "ERROR");
        for (var letter : letters) {
            out.printf(format, letter.id(), letter.status().label(), letter.attempts(), letter.lastFailedAt(),
                    event(letter), oneLine(shortError(letter), ERROR_WIDTH));
        }
    }

    static void details(DeadLetter letter, PrintStream out) {
        out.println("dead letter " + letter.id());
        field(out, "status", status(letter.status()));
        field(out, "handler", letter.handler());
        field(out, "event", "position " + letter.position() + ", stream " + letter.streamId() + ", type "
                + letter.eventType() + ", id " + letter.eventId());
        field(out, "attempts", Integer.toString(letter.attempts()));
        field(out, "first failure", letter.firstFailedAt().toString());
        field(out, "last failure", letter.lastFailedAt().toString());
        field(out, "parks stream", letter.parksStream()
                ? "yes: later events of " + letter.streamId() + " wait until this is retried or discarded" : "no");
        field(out, "error", letter.failure().errorClass());
        field(out, "message", letter.failure().message().isEmpty() ? "(none)" : indentLines(letter.failure().message()));
        out.println("  stack summary:");
        letter.failure().stackSummary().lines().forEach(line -> out.println("    " + line));
    }

    static String status(DeadLetterStatus status) {
        return switch (status) {
            case DeadLetterStatus.Open open -> "open: waiting for a retry or a discard";
            case DeadLetterStatus.RetryRequested requested -> "retry requested at " + requested.requestedAt()
                    + "; the handler delivers the event again when it next starts";
            case DeadLetterStatus.Resolved resolved -> "resolved at " + resolved.resolvedAt() + " by a retry";
            case DeadLetterStatus.Discarded discarded -> "discarded at " + discarded.discardedAt();
        };
    }

    private static String event(DeadLetter letter) {
        return letter.streamId() + " " + letter.eventType();
    }

    private static String shortError(DeadLetter letter) {
        String name = letter.failure().errorClass();
        String simple = name.substring(name.lastIndexOf('.') + 1);
        return letter.failure().message().isEmpty() ? simple : simple + ": " + letter.failure().message();
    }

    /** Control characters and line breaks from a stored message must not break the table. */
    static String oneLine(String text, int width) {
        var flat = new StringBuilder(text.length());
        text.codePoints().forEach(c -> flat.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        String clean = flat.toString().strip();
        return clean.length() <= width ? clean : clean.substring(0, width - 1) + "…";
    }

    private static String indentLines(String text) {
        return String.join("\n" + " ".repeat(18), text.lines().toList());
    }

    private static void field(PrintStream out, String name, String value) {
        out.printf("  %-15s %s%n", name + ":", value);
    }
}
