package dev.chorus.testkit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.TreeSet;

/**
 * Asserts that positions or versions run exactly from one number to another. On failure it names the first
 * difference, the duplicates and the gaps, instead of printing a thousand numbers twice.
 */
public final class Sequences {
    private static final int SHOWN = 10;

    private Sequences() {}

    /** That {@code actual} is exactly {@code from, from + 1, ..., to - 1}. */
    public static void assertRange(String what, List<Long> actual, long from, long to) {
        long expectedSize = to - from;
        int firstDifference = -1;
        for (int i = 0; i < actual.size(); i++) {
            if (actual.get(i) != from + i) {
                firstDifference = i;
                break;
            }
        }
        if (firstDifference < 0 && actual.size() == expectedSize) {
            return;
        }
        var seen = new HashSet<Long>();
        var duplicates = new TreeSet<Long>();
        for (long value : actual) {
            if (!seen.add(value)) {
                duplicates.add(value);
            }
        }
        var missing = new ArrayList<Long>();
        for (long value = from; value < to && missing.size() < SHOWN; value++) {
            if (!seen.contains(value)) {
                missing.add(value);
            }
        }
        var message = new StringBuilder(what).append(": expected ").append(from).append("..").append(to - 1)
                .append(" (").append(expectedSize).append(" values) but got ").append(actual.size()).append(" values");
        if (firstDifference >= 0) {
            message.append("; first difference at index ").append(firstDifference).append(": expected ")
                    .append(from + firstDifference).append(", got ").append(actual.get(firstDifference))
                    .append(", around it ").append(actual.subList(Math.max(0, firstDifference - 3),
                            Math.min(actual.size(), firstDifference + 4)));
        }
        if (!duplicates.isEmpty()) {
            message.append("; duplicates ").append(duplicates.stream().limit(SHOWN).toList());
        }
        if (!missing.isEmpty()) {
            message.append("; missing ").append(missing);
        }
        throw new AssertionError(message.toString());
    }
}
