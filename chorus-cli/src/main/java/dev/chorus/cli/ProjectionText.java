package dev.chorus.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How the projections commands print: padded columns, and numbers with thousands separators. */
final class ProjectionText {
    private ProjectionText() {}

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Left-aligned text columns, numbers right-aligned (a cell is a number when it starts with a digit). */
    static void table(List<String[]> rows, PrintStream out) {
        int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            var cells = new ArrayList<String>(row.length);
            for (int c = 0; c < row.length; c++) {
                boolean number = !row[c].isEmpty() && Character.isDigit(row[c].charAt(0));
                String pad = " ".repeat(widths[c] - row[c].length());
                cells.add(number ? pad + row[c] : row[c] + pad);
            }
            out.println(String.join("  ", cells).stripTrailing());
        }
    }
}
