package dev.chorus.cli;

import dev.chorus.log.LogDamage;
import dev.chorus.log.PositionRange;
import dev.chorus.log.VerifyReport;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** How the offline tools describe a log and its damage: the same words in verify and repair. */
final class DamageText {
    private DamageText() {}

    static String counts(VerifyReport report) {
        return plural(report.segments(), "segment") + ", " + plural(report.records(), "record") + ", "
                + plural(report.events(), "event");
    }

    /** Damaged index files: nothing is lost, repair deletes them and the next open rebuilds them. */
    static List<String> indexes(VerifyReport report) {
        return report.damagedIndexes().stream()
                .map(index -> "index:     " + index + " does not match its checksum (no event is lost: 'chorus log"
                        + " repair' deletes it and the next open rebuilds it from its segment)")
                .toList();
    }

    static List<String> damage(LogDamage damage) {
        return List.of(
                "damage:    segment " + damage.segment() + ", byte offset " + damage.offset(),
                "reason:    " + damage.reason(),
                "torn tail: " + (damage.tornTail()
                        ? "yes (nothing valid follows it: what a crash mid-write leaves; opening the log truncates it)"
                        : "no (valid data follows it: opening or reading the log there fails until it is repaired)"));
    }

    /** What truncating at the damage removes, one line per kind of loss. */
    static List<String> losses(LogDamage damage) {
        return List.of(
                plural(damage.bytesLost(), "byte") + " from byte offset " + damage.offset() + " of "
                        + damage.segment().getFileName() + " on" + (damage.laterSegments().isEmpty() ? ""
                        : ", including every later segment"),
                damage.laterSegments().isEmpty() ? "no later segment file"
                        : plural(damage.laterSegments().size(), "later segment file") + ", deleted: "
                                + fileNames(damage.laterSegments()),
                damage.intactEventsLost().isEmpty() ? "no intact event (nothing valid follows the damage)"
                        : plural(damage.intactEventsLostCount(), "intact event")
                                + " written after the damage, at position" + (damage.intactEventsLostCount() == 1
                                ? " " : "s ") + positions(damage.intactEventsLost()));
    }

    static String plural(long count, String noun) {
        return String.format("%,d %s%s", count, noun, count == 1 ? "" : "s");
    }

    /** Every position, as {@code 3, 5..9, 12}. */
    static String positions(List<PositionRange> ranges) {
        return ranges.stream().map(PositionRange::toString).collect(Collectors.joining(", "));
    }

    private static String fileNames(List<Path> paths) {
        return paths.stream().map(p -> String.valueOf(p.getFileName())).collect(Collectors.joining(", "));
    }
}
