package dev.chorus.bench.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code bench saga} offers and for how long. Every phase is bounded by time: the run stops by itself
 * after warm-up + measurement + at most the drain, about 45 s with the defaults.
 */
record SagaBenchOptions(
        boolean json,
        Optional<Path> dir,
        double ordersPerSecond,
        Duration warmup,
        Duration measure,
        Duration drain,
        int customers,
        int skus,
        int linesPerOrder,
        int maxInFlight) {

    static final String USAGE = """
            usage: chorus bench saga [options]
              Runs Chorus Shop's five services in this JVM on an embedded log in a temp dir (fsync on, as
              'chorus demo' runs it) and places orders open-loop at a fixed rate: order i is placed at
              start + i / rate by the clock, each on its own virtual thread, whether or not earlier orders
              are done. A subscription on the log notes when each order's OrderPlaced and OrderConfirmed
              become visible; the headline latency is the time between the two (inventory reserves, payments
              authorizes, orders confirms: three reactions, three fsync'd appends), shown split by service.
              Orders scheduled during the warm-up are not counted. Also measured in the same run: the
              disk's fsync latency.
              Target: p99 <= 5 ms at 1,000 orders/s on the 2-core machine.
            options:
              --json                 also print one JSON object as the last line
              --dir DIR              where to write (default: a temp dir under ./target or java.io.tmpdir);
                                     the benchmark's own files are deleted afterwards
              --rate N               offered orders per second, a whole number (default 1000)
              --warmup S             seconds of orders placed but not counted (default 15: on 2 cores the
                                     JIT's compiling leaves a backlog that 5 s do not drain)
              --seconds S            seconds of counted orders (default 20)
              --drain S              longest wait after the last order for outstanding outcomes (default 10)
              --customers N          customers the orders rotate over, each with credit for all of them
                                     (default 100)
              --skus N               SKUs the orders rotate over, stocked for all of them (default 20)
              --lines N              lines per order (default 1)
              --max-in-flight N      placements still running past which an order is skipped, not placed,
                                     and counted as skipped: keeps an overloaded run bounded (default 10000)
            """;

    private static final Set<String> FLAGS = Set.of("--json", "--help", "-h");
    private static final Set<String> OPTIONS = Set.of("--dir", "--rate", "--warmup", "--seconds", "--drain",
            "--customers", "--skus", "--lines", "--max-in-flight");

    static boolean wantsHelp(List<String> args) {
        return args.contains("--help") || args.contains("-h");
    }

    static SagaBenchOptions parse(List<String> arguments) {
        var args = Args.parse(arguments, FLAGS, OPTIONS);
        return new SagaBenchOptions(
                args.flag("--json"),
                args.value("--dir").map(Path::of),
                args.longValue("--rate", 1_000, 1, 100_000),
                seconds(args.doubleValue("--warmup", 15, 0, 600)),
                seconds(args.doubleValue("--seconds", 20, 0.1, 3600)),
                seconds(args.doubleValue("--drain", 10, 0.1, 600)),
                (int) args.longValue("--customers", 100, 1, 100_000),
                (int) args.longValue("--skus", 20, 1, 10_000),
                (int) args.longValue("--lines", 1, 1, 100),
                (int) args.longValue("--max-in-flight", 10_000, 1, 1_000_000));
    }

    /** Orders scheduled in the warm-up and the measurement together. */
    long totalOrders() {
        return (long) Math.ceil((warmup.toNanos() + measure.toNanos()) / 1e9 * ordersPerSecond);
    }

    private static Duration seconds(double s) {
        return Duration.ofNanos((long) (s * 1e9));
    }
}
