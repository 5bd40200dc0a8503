package dev.chorus.cli;

import dev.chorus.core.RecordedEvent;
import dev.chorus.log.EmbeddedLog;
import dev.chorus.log.RecoveryReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What opening a log found and what it holds, for a person to read. */
final class LogSummary {
    private static final String[] HEADERS = {"position", "stream", "version", "type", "recorded-at"};
    private static final int MAX_STREAM_WIDTH = 40;

    private final PrintStream out;

    LogSummary(PrintStream out) {
        this.out = out;
    }

    void print(Path dir, EmbeddedLog log, int lastEvents) {
        out.println("Chorus embedded log in " + dir);
        out.println("opened: " + recovery(log.recovery()));
        long head = log.headPosition();
        out.println("head position: " + head + " (the next event gets position " + head + ")");
        if (head == 0) {
            out.println("no events yet");
            return;
        }
        long from = Math.max(0, head - lastEvents);
        List<RecordedEvent> events = log.readAll(from, lastEvents);
        out.println("last " + events.size() + " of " + DamageText.plural(head, "event") + ":");
        table(events).forEach(line -> out.println("  " + line));
    }

    static String recovery(RecoveryReport report) {
        var text = new StringBuilder(DamageText.plural(report.segments(), "segment") + ", "
                + DamageText.plural(report.events(), "event"));
        report.tornTail().ifPresentOrElse(
                segment -> text.append("; truncated a torn tail of ")
                        .append(DamageText.plural(report.truncatedBytes(), "byte")).append(" in ")
                        .append(segment.getFileName()).append(" (left by a crash mid-write; never an acknowledged event)"),
                () -> text.append("; no torn tail"));
        if (report.rebuiltIndexes() > 0) {
            text.append("; rebuilt ").append(DamageText.plural(report.rebuiltIndexes(), "segment index"));
        }
        return text.toString();
    }

    static List<String> table(List<RecordedEvent> events) {
        var rows = new ArrayList<String[]>();
        rows.add(HEADERS);
        for (var e : events) {
            rows.add(new String[] {Long.toString(e.position()), shorten(e.streamId()), Long.toString(e.version()),
                    e.type().toString(), e.recordedAt().toString()});
        }
        int[] widths = new int[HEADERS.length];
        for (var row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        var lines = new ArrayList<String>();
        for (var row : rows) {
            var line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                boolean number = i == 0 || i == 2;
                String cell = number ? " ".repeat(widths[i] - row[i].length()) + row[i]
                        : row[i] + " ".repeat(widths[i] - row[i].length());
                line.append(i == 0 ? "" : "  ").append(cell);
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    /** Stream ids go up to 200 characters; the table shows their start. Control characters cannot occur. */
    private static String shorten(String streamId) {
        return streamId.length() <= MAX_STREAM_WIDTH ? streamId : streamId.substring(0, MAX_STREAM_WIDTH - 3) + "...";
    }
}
