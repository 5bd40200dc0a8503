package dev.chorus.cli;

import dev.chorus.bench.Benchmarks;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code chorus bench <name> [args...]}: the arguments after the name belong to the benchmark. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Run a benchmark and print its report, e.g. 'chorus bench log --json'.",
                "'chorus bench <name> --help' lists a benchmark's own options."})
final class BenchCommand implements Callable<Integer> {
    private final Io io;

    @Parameters(index = "0", paramLabel = "NAME", description = "the benchmark: ${COMPLETION-CANDIDATES}",
            completionCandidates = Names.class)
    String name = "";

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "the benchmark's own arguments")
    List<String> args = new ArrayList<>();

    BenchCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        int exit = Benchmarks.run(name, List.copyOf(args), io.out());
        io.out().flush();
        return exit;
    }

    static final class Names implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Benchmarks.NAMES.iterator();
        }
    }
}
