package dev.chorus.bench.internal;

import dev.chorus.core.RecordedEvent;
import dev.chorus.core.Subscription;
import dev.chorus.core.SubscriptionFilter;
import dev.chorus.core.internal.Each;
import dev.chorus.distributed.ProcessConfig;
import dev.chorus.distributed.ShopProcess;
import dev.chorus.kafka.KafkaSettings;
import dev.chorus.shop.ShopRole;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Chorus Shop distributed on the one broker: every role its own {@link ShopProcess} (in this JVM, on its own
 * PostgreSQL schema), orders POSTed to the API open-loop at a fixed rate, and the moment each order's outcome
 * ({@code OrderShipped} or {@code OrderCancelled}) arrives in the API's store, the store its read model is built
 * from, noted by a subscription on that store.
 */
final class DistributedSagaRun {
    static final String ORDER_PLACED = "shop.orders.OrderPlaced";
    static final String ORDER_CONFIRMED = "shop.orders.OrderConfirmed";
    static final String ORDER_SHIPPED = "shop.orders.OrderShipped";
    static final String ORDER_CANCELLED = "shop.orders.OrderCancelled";
    static final String CREDIT_OPENED = "shop.payments.CreditAccountOpened";
    /** Cents per unit: small, so that credit is never what refuses an order. */
    static final long UNIT_PRICE = 100;
    private static final int STOCK_PER_CALL = 10_000;
    private static final int SET_UP_CALLS_IN_PARALLEL = 16;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration SET_UP_TIMEOUT = Duration.ofSeconds(120);
    private static final int READ_MODEL_SAMPLE = 20;

    /** What happened to one order; the pacer and the observer fill it in from their own threads. */
    static final class Trace {
        volatile long index = -1;
        volatile long scheduledNanos;
        volatile long placedNanos;
        volatile long seenPlacedNanos;
        volatile long seenConfirmedNanos;
        volatile long seenShippedNanos;
        volatile long seenCancelledNanos;

        boolean settled() {
            return seenShippedNanos != 0 || seenCancelledNanos != 0;
        }
    }

    /**
     * The raw figures of a run; every latency sample in nanoseconds, sorted.
     *
     * @param settleNanos      per counted order, scheduled placement → OrderShipped or OrderCancelled in the API's
     *                         store: the headline; an order placed but never settled, or never placed, has none
     * @param placementNanos   scheduled placement → the POST answered 202 (the request went to the orders service,
     *                         and OrderPlaced came back to the API's store)
     * @param toPlacedNanos    scheduled placement → OrderPlaced in the API's store
     * @param toConfirmedNanos OrderPlaced → OrderConfirmed in the API's store (inventory, payments, orders)
     * @param toShippedNanos   OrderConfirmed → OrderShipped in the API's store (shipping, orders)
     * @param outcomesInWindow outcomes of any order (warm-up, counted, even one whose POST timed out) that arrived
     *                         in the API's store during the counted seconds: the shop's throughput
     * @param costs            what the shop spent from the first counted order to the end of the drain
     * @param costOutcomes     outcomes that arrived over that same time
     */
    record Result(long orders, long placed, long shipped, long cancelled, long failed, long skipped,
                  long[] settleNanos, long[] placementNanos, long[] toPlacedNanos, long[] toConfirmedNanos,
                  long[] toShippedNanos, long outcomesInWindow, SagaCosts.Spent costs, long costOutcomes,
                  String postgres, int readModelChecked, int readModelAgreed, List<String> failures) {
        long settled() {
            return shipped + cancelled;
        }
    }

    interface Progress {
        void say(String format, Object... args);
    }

    private final KafkaBenchOptions options;
    private final Map<String, Trace> traces = new ConcurrentHashMap<>();
    private final AtomicInteger creditAccounts = new AtomicInteger();
    /** When each outcome arrived in the API's store, for any order. */
    private final Queue<Long> outcomes = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final List<String> failures = new ArrayList<>();

    private DistributedSagaRun(KafkaBenchOptions options) {
        this.options = options;
    }

    static Result run(KafkaSettings kafka, KafkaBenchOptions options, Progress progress) throws Exception {
        return new DistributedSagaRun(options).measure(kafka, progress);
    }

    private Result measure(KafkaSettings kafka, Progress progress) throws Exception {
        String prefix = "kb" + Long.toHexString(System.nanoTime() & 0xffffffL) + "_";
        var schemas = Arrays.stream(ShopRole.values()).map(role -> prefix + role.id()).toList();
        progress.say("starting PostgreSQL%s", options.postgresUrl().isPresent() ? " connection" : " (embedded)");
        Path logs = options.logs() ? Files.createTempDirectory("chorus-bench-kafka-logs-") : null;
        try (var postgres = BenchPostgres.start(options.postgresUrl(), schemas)) {
            String where = postgres.description() + (logs == null ? "" : "; facts in embedded logs in " + logs);
            progress.say("starting the shop's six roles on %s, each on its own schema", where);
            var processes = new ArrayList<ShopProcess>();
            try {
                for (var role : ShopRole.values()) {
                    processes.add(ShopProcess.start(ProcessConfig.of(role, kafka, postgres.jdbcUrl(), c -> {
                        c.port = 0;
                        c.schema = prefix + role.id();
                        c.answerTimeout = Duration.ofSeconds(30);
                        c.dataDir = logs == null ? null : logs.resolve(role.id());
                    }), line -> progress.say("shop: %s", line)));
                }
                var api = processes.stream().filter(p -> p.config().role() == ShopRole.API).findFirst().orElseThrow();
                URI address = api.served().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                var http = new ShopHttp(address, Duration.ofSeconds(60));
                try (Subscription observer = api.events().subscribe(api.events().headPosition(),
                        SubscriptionFilter.typeNames(ORDER_PLACED, ORDER_CONFIRMED, ORDER_SHIPPED, ORDER_CANCELLED,
                                CREDIT_OPENED), this::seen)) {
                    progress.say("setting up %,d customers and %,d SKUs for %,d orders through %s",
                            options.customers(), options.skus(), options.totalOrders(), address);
                    List<String> customers = setUp(http);
                    return drive(http, customers, postgres, progress);
                }
            } finally {
                progress.say("stopping the shop");
                Each.run(processes.reversed(), ShopProcess::close);
            }
        } finally {
            if (logs != null) {
                try {
                    LogFiles.deleteTree(logs);
                } catch (IOException e) {
                    progress.say("could not delete %s: %s", logs, e);
                }
            }
        }
    }

    /** Enough credit and stock that every order ships: the benchmark measures the happy path. */
    private List<String> setUp(ShopHttp http) throws Exception {
        long total = options.totalOrders() + 1;
        long ordersPerCustomer = (total + options.customers() - 1) / options.customers() + 1;
        long credit = Math.min(1_000_000_000_000L, 2 * ordersPerCustomer * UNIT_PRICE);
        var customers = new String[options.customers()];
        long unitsPerSku = (total + options.skus() - 1) / options.skus() + 1;
        try (var calls = Executors.newFixedThreadPool(SET_UP_CALLS_IN_PARALLEL, Thread.ofVirtual().factory())) {
            var done = new ArrayList<Future<?>>();
            for (int c = 0; c < customers.length; c++) {
                int n = c;
                done.add(calls.submit(() -> {
                    customers[n] = http.registerCustomer("Customer " + n, "customer" + n + "@example.org",
                            n + " Bench Street", credit);
                    return null;
                }));
            }
            for (int s = 0; s < options.skus(); s++) {
                int n = s;
                done.add(calls.submit(() -> {
                    for (long added = 0; added < unitsPerSku; added += STOCK_PER_CALL) {
                        http.addStock(sku(n), (int) Math.min(STOCK_PER_CALL, unitsPerSku - added));
                    }
                    return null;
                }));
            }
            for (var call : done) {
                call.get(SET_UP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        }
        // Payments opens each customer's credit account in reaction to its registration, on its own partition.
        long deadline = System.nanoTime() + SET_UP_TIMEOUT.toNanos();
        while (creditAccounts.get() < customers.length) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("payments opened " + creditAccounts.get() + " of " + customers.length
                        + " credit accounts in " + SET_UP_TIMEOUT);
            }
            Thread.sleep(10);
        }
        // One order through the whole saga before the clock starts: every role is running and warm.
        String probe = http.placeOrder(customers[0], sku(0), 1, UNIT_PRICE);
        var trace = trace(probe);
        while (!trace.settled()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the set-up order " + probe + " did not ship in " + SET_UP_TIMEOUT);
            }
            Thread.sleep(5);
        }
        if (trace.seenCancelledNanos != 0) {
            throw new IllegalStateException("the set-up order " + probe + " was cancelled, status "
                    + http.orderStatus(probe));
        }
        traces.remove(probe);
        return List.of(customers);
    }

    private Result drive(ShopHttp http, List<String> customers, BenchPostgres postgres, Progress progress)
            throws InterruptedException {
        long total = options.totalOrders();
        long warmupOrders = options.warmupOrders();
        progress.say("placing %,.0f orders/s open-loop through the HTTP API: %.1f s warm-up, then %.1f s counted",
                options.ordersPerSecond(), options.warmup().toNanos() / 1e9, options.measure().toNanos() / 1e9);
        long periodNanos = (long) (1e9 / options.ordersPerSecond());
        long start = System.nanoTime() + 10_000_000;
        long windowStart = start + warmupOrders * periodNanos;
        SagaCosts.Snapshot atWindow = null;
        var placers = Executors.newVirtualThreadPerTaskExecutor();
        try {
            for (long i = 0; i < total; i++) {
                long due = start + i * periodNanos;
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                if (i == warmupOrders) {
                    atWindow = SagaCosts.snapshot(postgres);
                }
                if (inFlight.get() >= options.maxInFlight()) {
                    if (i >= warmupOrders) {
                        skipped.incrementAndGet();
                    }
                    continue;
                }
                inFlight.incrementAndGet();
                long index = i;
                String customer = customers.get((int) (i % customers.size()));
                String sku = sku((int) (i % options.skus()));
                placers.submit(() -> place(http, index, due, customer, sku, index >= warmupOrders));
            }
            long placingEnded = System.nanoTime();
            if (atWindow == null) {
                atWindow = SagaCosts.snapshot(postgres);
            }
            progress.say("placed; waiting up to %.1f s for outstanding outcomes", options.drain().toNanos() / 1e9);
            placers.shutdown();
            placers.awaitTermination(options.drain().toNanos(), TimeUnit.NANOSECONDS);
            awaitOutcomes(placingEnded + options.drain().toNanos());
        } finally {
            // A placement still running past the drain is abandoned, not waited for: the run stays bounded.
            placers.shutdownNow();
        }
        var costs = SagaCosts.between(atWindow, SagaCosts.snapshot(postgres));
        int[] readModel = checkReadModel(http);
        long windowEnd = windowStart + options.measure().toNanos();
        long inWindow = outcomes.stream().filter(at -> at - windowStart >= 0 && at - windowEnd < 0).count();
        long costStart = atWindow.wallNanos();
        long costOutcomes = outcomes.stream().filter(at -> at - costStart >= 0).count();
        return summarise(total - warmupOrders, inWindow, costs, costOutcomes, postgres.description()
                + (options.logs() ? "; each role's facts in an embedded log (--logs)" : ""), readModel);
    }

    private void place(ShopHttp http, long index, long due, String customer, String sku, boolean counted) {
        try {
            String orderId = http.placeOrder(customer, sku, 1, UNIT_PRICE);
            long now = System.nanoTime();
            if (counted) {
                var trace = trace(orderId);
                trace.scheduledNanos = due;
                trace.placedNanos = now;
                trace.index = index;
            } else {
                traces.remove(orderId);
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (counted) {
                failed.incrementAndGet();
            }
            synchronized (failures) {
                if (failures.size() < 5) {
                    failures.add(e.toString());
                }
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** On the observer's thread: when the fact arrived in the API's store. */
    private void seen(RecordedEvent event) {
        long now = System.nanoTime();
        String type = event.type().name();
        if (type.equals(CREDIT_OPENED)) {
            creditAccounts.incrementAndGet();
            return;
        }
        if (type.equals(ORDER_SHIPPED) || type.equals(ORDER_CANCELLED)) {
            outcomes.add(now);
        }
        var trace = trace(event.correlationId());
        switch (type) {
            case ORDER_PLACED -> trace.seenPlacedNanos = now;
            case ORDER_CONFIRMED -> trace.seenConfirmedNanos = now;
            case ORDER_SHIPPED -> trace.seenShippedNanos = now;
            default -> trace.seenCancelledNanos = now;
        }
    }

    private Trace trace(String orderId) {
        return traces.computeIfAbsent(orderId, id -> new Trace());
    }

    /** Until every counted order placed has an outcome in the API's store, or the deadline. */
    private void awaitOutcomes(long deadline) throws InterruptedException {
        while (System.nanoTime() - deadline < 0) {
            boolean done = true;
            for (var trace : traces.values()) {
                if (trace.index >= 0 && !trace.settled()) {
                    done = false;
                    break;
                }
            }
            if (done) {
                return;
            }
            Thread.sleep(20);
        }
    }

    /** The read model agrees with what the observer saw, for a sample of settled orders. */
    private int[] checkReadModel(ShopHttp http) throws InterruptedException {
        int checked = 0;
        int agreed = 0;
        for (var entry : traces.entrySet()) {
            if (checked == READ_MODEL_SAMPLE) {
                break;
            }
            var trace = entry.getValue();
            if (trace.index < 0 || !trace.settled()) {
                continue;
            }
            checked++;
            try {
                String status = http.orderStatus(entry.getKey());
                if (status.equals(trace.seenShippedNanos != 0 ? "SHIPPED" : "CANCELLED")) {
                    agreed++;
                }
            } catch (IOException e) {
                synchronized (failures) {
                    failures.add("reading order " + entry.getKey() + ": " + e);
                }
            }
        }
        return new int[] {checked, agreed};
    }

    private Result summarise(long orders, long outcomesInWindow, SagaCosts.Spent costs, long costOutcomes,
                             String postgres, int[] readModel) {
        var settle = new ArrayList<Long>();
        var placement = new ArrayList<Long>();
        var toPlaced = new ArrayList<Long>();
        var toConfirmed = new ArrayList<Long>();
        var toShipped = new ArrayList<Long>();
        long placed = 0;
        long shipped = 0;
        long cancelled = 0;
        for (var trace : traces.values()) {
            if (trace.index < 0) {
                continue;
            }
            placed++;
            placement.add(trace.placedNanos - trace.scheduledNanos);
            if (trace.seenPlacedNanos != 0) {
                toPlaced.add(trace.seenPlacedNanos - trace.scheduledNanos);
            }
            long outcome = trace.seenShippedNanos != 0 ? trace.seenShippedNanos : trace.seenCancelledNanos;
            if (outcome == 0) {
                continue;
            }
            settle.add(outcome - trace.scheduledNanos);
            if (trace.seenShippedNanos != 0) {
                shipped++;
                if (trace.seenPlacedNanos != 0 && trace.seenConfirmedNanos != 0) {
                    toConfirmed.add(trace.seenConfirmedNanos - trace.seenPlacedNanos);
                    toShipped.add(trace.seenShippedNanos - trace.seenConfirmedNanos);
                }
            } else {
                cancelled++;
            }
        }
        List<String> failed;
        synchronized (failures) {
            failed = List.copyOf(failures);
        }
        return new Result(orders, placed, shipped, cancelled, this.failed.get(), skipped.get(), sorted(settle),
                sorted(placement), sorted(toPlaced), sorted(toConfirmed), sorted(toShipped), outcomesInWindow, costs,
                costOutcomes, postgres, readModel[0], readModel[1], failed);
    }

    private static String sku(int s) {
        return "bench-sku-" + s;
    }

    private static long[] sorted(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).sorted().toArray();
    }
}
