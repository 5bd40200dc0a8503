package dev.chorus.bench.internal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code bench kafka} measures and for how long. Every phase is bounded by a count or by time: about two
 * and a half minutes on 2 cores with the defaults.
 */
record KafkaBenchOptions(
        boolean json,
        boolean sagaOnly,
        boolean logs,
        Optional<String> postgresUrl,
        int events,
        int warmupEvents,
        int payloadBytes,
        int streams,
        double ordersPerSecond,
        Duration warmup,
        Duration measure,
        Duration drain,
        int customers,
        int skus,
        int maxInFlight) {

    static final String USAGE = """
            usage: chorus bench kafka [options]
              Starts one Apache Kafka broker (KRaft, single node) in this JVM on a free loopback port and a
              temp dir, and measures two things on it in one run:
              1. The relay's publish rate beside Kafka's own producer tool: --events events of --payload bytes
                 are put in an in-memory store, then the relay publishes them all to a 6-partition topic (from
                 its start until its checkpoint reaches the store's head, every event acknowledged by the
                 broker), and org.apache.kafka.tools.ProducerPerformance sends as many records of the same
                 value size with the relay's producer settings (acks=all, idempotent, linger.ms=0, 128 KiB
                 batch.size) to another 6-partition topic. Relay, tool, tool, relay after a short warm-up of
                 both; the best run of each counts. Target: relay >= 0.8 of the tool.
              2. Chorus Shop distributed: the six roles (customers, orders, inventory, payments, shipping,
                 api) each as its own ShopProcess in this JVM on its own PostgreSQL schema, facts between
                 them only through the broker. Orders are POSTed to the API open-loop at --rate per second
                 (order i at start + i / rate, each on its own virtual thread); an order's latency is from
                 its scheduled time to its SHIPPED (or CANCELLED) fact arriving in the API's store, which
                 its read model is built from; an order that has not settled by the end of the drain counts
                 as slower than all. Alongside: outcomes per second, and what each order cost (CPU of this
                 JVM by thread group and of PostgreSQL, PostgreSQL transactions, broker requests).
                 Target: p99 <= 50 ms at 500 orders/s.
              PostgreSQL is an embedded PostgreSQL 14 in a temp dir with synchronous_commit on, unless
              --postgres names a server.
            options:
              --json                 also print one JSON object as the last line
              --saga-only            skip part 1 (relay and tool): only the shop's saga runs; the relay's
                                     figures are then null in the JSON
              --logs                 each role keeps its facts in the embedded log of a temp dir of its own
                                     (chorus run --data-dir), its state in PostgreSQL
              --postgres JDBC_URL    run the shop on this PostgreSQL database instead (its role must create
                                     schemas; the benchmark's schemas are dropped afterwards)
              --events N             events the relay publishes, records the tool sends (default 1000000)
              --warmup-events N      events and records of the warm-up before them (default 100000)
              --payload B            bytes of each event's data, the records' value size (default 200)
              --streams N            streams the events rotate over, the relay's record keys (default 1000)
              --rate N               offered orders per second, a whole number (default 500)
              --warmup S             seconds of orders placed but not counted (default 5)
              --seconds S            seconds of counted orders (default 20)
              --drain S              longest wait after the last order for outstanding outcomes (default 30)
              --customers N          customers the orders rotate over, each with credit for all of them
                                     (default 100)
              --skus N               SKUs the orders rotate over, stocked for all of them (default 20)
              --max-in-flight N      POSTs still unanswered past which an order is skipped, not placed, and
                                     counted as skipped: keeps an overloaded run bounded (default 1000)
            """;

    private static final Set<String> FLAGS = Set.of("--json", "--saga-only", "--logs", "--help", "-h");
    private static final Set<String> OPTIONS = Set.of("--postgres", "--events", "--warmup-events", "--payload",
            "--streams", "--rate", "--warmup", "--seconds", "--drain", "--customers", "--skus", "--max-in-flight");

    static boolean wantsHelp(List<String> args) {
        return args.contains("--help") || args.contains("-h");
    }

    static KafkaBenchOptions parse(List<String> arguments) {
        var args = Args.parse(arguments, FLAGS, OPTIONS);
        var postgres = args.value("--postgres");
        if (postgres.isPresent() && !postgres.get().startsWith("jdbc:postgresql:")) {
            throw new BadArgument("--postgres takes a PostgreSQL JDBC URL, like "
                    + "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
        }
        return new KafkaBenchOptions(
                args.flag("--json"),
                args.flag("--saga-only"),
                args.flag("--logs"),
                postgres,
                (int) args.longValue("--events", 1_000_000, 1, 20_000_000),
                (int) args.longValue("--warmup-events", 100_000, 0, 20_000_000),
                (int) args.longValue("--payload", 200, 16, 900_000),
                (int) args.longValue("--streams", 1_000, 1, 1_000_000),
                args.longValue("--rate", 500, 1, 100_000),
                seconds(args.doubleValue("--warmup", 5, 0, 600)),
                seconds(args.doubleValue("--seconds", 20, 0.1, 3600)),
                seconds(args.doubleValue("--drain", 30, 0.1, 600)),
                (int) args.longValue("--customers", 100, 1, 100_000),
                (int) args.longValue("--skus", 20, 1, 10_000),
                (int) args.longValue("--max-in-flight", 1_000, 1, 1_000_000));
    }

    /** Orders scheduled in the warm-up and the measurement together. */
    long totalOrders() {
        return (long) Math.ceil((warmup.toNanos() + measure.toNanos()) / 1e9 * ordersPerSecond);
    }

    long warmupOrders() {
        return (long) Math.ceil(warmup.toNanos() / 1e9 * ordersPerSecond);
    }

    private static Duration seconds(double s) {
        return Duration.ofNanos((long) (s * 1e9));
    }
}
