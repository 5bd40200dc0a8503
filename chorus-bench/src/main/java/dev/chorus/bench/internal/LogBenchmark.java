package dev.chorus.bench.internal;

import java.io.PrintStream;
import java.util.List;

/** {@code bench log}: the embedded log against the disk it writes to. */
public final class LogBenchmark {
    private LogBenchmark() {}

    public static int run(List<String> args, PrintStream out) {
        out.println("bench log: not implemented yet");
        return 1;
    }
}
