package dev.chorus.bench.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code bench commands} runs. The defaults are the workload Axon was measured with (100,000 creates,
 * then 200,000 deposits to random accounts); every phase is also bounded by time, so a slow disk cannot make
 * the run hang.
 */
record CommandBenchOptions(boolean json, Optional<Path> dir, int accounts, int deposits, int clients,
                           int virtualClients, int snapshotEvery, int stateCache, Duration phaseCap,
                           boolean withSnapshots) {

    static final String USAGE = """
            usage: chorus bench commands [options]
              The command loop on the durable embedded log (fsync before every acknowledgement): an Account
              decider; phase 1 creates accounts (CreateAccount -> AccountCreated), phase 2 deposits into
              uniformly random accounts (Deposit, amount > 0 -> Deposited). Runs with a few client threads
              that each wait for their command's result, and with many virtual-thread clients; each with
              snapshots off, snapshots on, and the state cache on; plus the log alone with the same clients.
              The disk's fsync latency is probed in the same directory, between the runs.
            options:
              --json                 also print one JSON object as the last line
              --dir DIR              where to write (default: a temp dir under ./target or java.io.tmpdir);
                                     the benchmark's files are deleted afterwards
              --accounts N           accounts created in phase 1 (default 100000)
              --deposits N           deposits in phase 2 (default 200000)
              --clients N            client threads, each waiting for its result (default 16)
              --virtual-clients N    virtual-thread clients (default 1024)
              --snapshot-every N     the snapshot interval of the runs with snapshots (default 2)
              --state-cache N        streams the cached runs keep in memory; 0 skips those runs (default 100000)
              --no-snapshots         skip the runs with snapshots
              --max-seconds S        longest time a phase may run before it stops short (default 40)
            """;

    private static final Set<String> FLAGS = Set.of("--json", "--help", "-h", "--no-snapshots");
    private static final Set<String> OPTIONS = Set.of("--dir", "--accounts", "--deposits", "--clients",
            "--virtual-clients", "--snapshot-every", "--state-cache", "--max-seconds");

    static boolean wantsHelp(List<String> args) {
        return args.contains("--help") || args.contains("-h");
    }

    static CommandBenchOptions parse(List<String> arguments) {
        var args = Args.parse(arguments, FLAGS, OPTIONS);
        return new CommandBenchOptions(
                args.flag("--json"),
                args.value("--dir").map(Path::of),
                (int) args.longValue("--accounts", 100_000, 1, 10_000_000),
                (int) args.longValue("--deposits", 200_000, 0, 100_000_000),
                (int) args.longValue("--clients", 16, 1, 4096),
                (int) args.longValue("--virtual-clients", 1024, 1, 100_000),
                (int) args.longValue("--snapshot-every", 2, 1, 1_000_000),
                (int) args.longValue("--state-cache", 100_000, 0, 10_000_000),
                Duration.ofNanos((long) (args.doubleValue("--max-seconds", 40, 0.1, 3600) * 1e9)),
                !args.flag("--no-snapshots"));
    }
}
