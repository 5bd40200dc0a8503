package dev.chorus.bench.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.function.Predicate;

/** What every benchmark does around its measurement: help, argument errors, the table, the JSON line, failures. */
final class BenchRun {
    private BenchRun() {}

    /** A benchmark's result: a table for people, one JSON object for machines. */
    interface Report {
        void printTable(PrintStream out);

        String json();
    }

    interface Parser<O> {
        O parse(List<String> args) throws BadArgument;
    }

    interface Measurement<O> {
        Report measure(O options, PrintStream out) throws Exception;
    }

    /** Runs benchmark {@code name}: 0 when it ran, 2 for a bad argument, 1 when the measurement failed. */
    static <O> int run(String name, List<String> args, PrintStream out, boolean wantsHelp, String usage,
                       Parser<O> parser, Predicate<O> json, Measurement<O> measurement) {
        if (wantsHelp) {
            out.print(usage);
            return 0;
        }
        O options;
        try {
            options = parser.parse(args);
        } catch (BadArgument e) {
            out.println("bench " + name + ": " + e.getMessage() + "; 'chorus bench " + name
                    + " --help' lists the options");
            return 2;
        }
        try {
            var report = measurement.measure(options, out);
            report.printTable(out);
            if (json.test(options)) {
                out.println(report.json());
            }
            out.flush();
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("bench " + name + ": interrupted");
            return 1;
        } catch (Exception e) {
            out.println("bench " + name + " failed: " + e);
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                out.println("  caused by: " + cause);
            }
            return 1;
        }
    }
}
