package dev.chorus.bench;

import dev.chorus.bench.internal.CommandBenchmark;
import dev.chorus.bench.internal.KafkaBenchmark;
import dev.chorus.bench.internal.LogBenchmark;
import dev.chorus.bench.internal.ReplayBenchmark;
import dev.chorus.bench.internal.SagaBenchmark;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Runs a named benchmark and prints its report; what {@code chorus bench <name>} calls.
 *
 * <p>Exit codes: 0 the benchmark ran (whether or not it met its targets: a benchmark reports, it does
 * not judge a build), 1 it failed to run, 2 the name or an argument is wrong.
 */
public final class Benchmarks {
    /** The benchmarks {@link #run} knows. */
    public static final List<String> NAMES = List.of("log", "commands", "replay", "saga", "kafka");

    private Benchmarks() {}

    public static int run(String name, List<String> args, PrintStream out) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(args, "args");
        Objects.requireNonNull(out, "out");
        return switch (name) {
            case "log" -> LogBenchmark.run(args, out);
            case "commands" -> CommandBenchmark.run(args, out);
            case "replay" -> ReplayBenchmark.run(args, out);
            case "saga" -> SagaBenchmark.run(args, out);
            case "kafka" -> KafkaBenchmark.run(args, out);
            default -> {
                out.println("unknown benchmark '" + name + "'; known benchmarks: " + String.join(", ", NAMES)
                        + " (e.g. 'chorus bench log --help')");
                yield 2;
            }
        };
    }

    /** {@code java -cp … dev.chorus.bench.Benchmarks log [--json] [--dir DIR] …} */
    public static void main(String[] args) {
        if (args.length == 0) {
            System.out.println("usage: Benchmarks <" + String.join("|", NAMES) + "> [options]; --help for the options");
            System.exit(2);
        }
        System.exit(run(args[0], Arrays.asList(args).subList(1, args.length), System.out));
    }
}
