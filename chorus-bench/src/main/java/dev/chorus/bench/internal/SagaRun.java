package dev.chorus.bench.internal;

import dev.chorus.core.RecordedEvent;
import dev.chorus.core.Subscription;
import dev.chorus.core.SubscriptionFilter;
import dev.chorus.log.WriterStats;
import dev.chorus.log.state.EmbeddedStateStore;
import dev.chorus.shop.ShopConfig;
import dev.chorus.shop.ShopServices;
import dev.chorus.shop.contracts.OrderLine;
import dev.chorus.shop.orders.OrderStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One open-loop run of the shop: sets up customers and stock, places orders at a fixed rate by the clock and
 * notes, from a subscription on the log, when each order's {@code OrderPlaced} and {@code OrderConfirmed} become
 * visible. Open loop because a closed loop (next order when the last is done) slows down with the system and so
 * hides its queueing: here a slow step makes later orders wait, and their latency shows it.
 */
final class SagaRun {
    static final String ORDER_PLACED = "shop.orders.OrderPlaced";
    static final String ORDER_CONFIRMED = "shop.orders.OrderConfirmed";
    static final String ORDER_CANCELLED = "shop.orders.OrderCancelled";
    static final String STOCK_RESERVED = "shop.inventory.StockReserved";
    static final String PAYMENT_AUTHORIZED = "shop.payments.PaymentAuthorized";
    /** Cents per unit: small, so that credit is never what refuses an order. */
    static final long UNIT_PRICE = 100;
    private static final int STOCK_PER_CALL = 10_000;

    /**
     * The raw figures of a run: every latency sample in nanoseconds, sorted.
     *
     * @param sagaNanos      OrderPlaced visible → OrderConfirmed visible, per confirmed order: the headline
     * @param endToEndNanos  scheduled placement time → OrderConfirmed visible (placement and pacing lag included)
     * @param placementNanos scheduled placement time → placeOrder returned (OrderPlaced durable)
     * @param stageNanos     per confirmed order, the share of each service's reaction, visible to visible:
     *                       inventory (OrderPlaced → StockReserved), payments (→ PaymentAuthorized), orders
     *                       (→ OrderConfirmed); they add up to {@code sagaNanos}
     * @param windowNanos    from the first counted order's scheduled time to its last outcome seen
     */
    record Result(long orders, long placed, long confirmed, long cancelled, long failed, long skipped,
                  long[] sagaNanos, long[] endToEndNanos, long[] placementNanos, Stages stageNanos, long windowNanos,
                  long eventsWritten, WriterStats writer, StateUse state, long cpuNanos, long measuredWallNanos,
                  Slow slow, List<String> failures) {}

    /**
     * The confirmed orders slower than the target, by the half-second of the counted window in which their
     * OrderPlaced became visible, beside what the process did meanwhile ({@link SagaTimeline}): one-off events
     * (a segment roll, a compaction, an old collection) show as clusters.
     */
    record Slow(long orders, SortedMap<Integer, Integer> byHalfSecond, String happenings) {}

    /**
     * What the shop's state store did from the first counted order on: commits, journal writes (each synced),
     * journal bytes, compactions.
     */
    record StateUse(long commits, long syncs, long bytes, long compactions) {
        static final StateUse NONE = new StateUse(0, 0, 0, 0);

        static StateUse of(ShopServices shop) {
            return shop.state() instanceof EmbeddedStateStore store
                    ? new StateUse(store.stats().commits(), store.stats().batches(), store.stats().bytesWritten(),
                            store.stats().compactions())
                    : NONE;
        }

        StateUse minus(StateUse before) {
            return new StateUse(commits - before.commits, syncs - before.syncs, bytes - before.bytes,
                    compactions - before.compactions);
        }
    }

    /** Each service's share of the saga, sorted nanoseconds per confirmed order. */
    record Stages(long[] inventory, long[] payments, long[] orders) {}

    private final SagaBenchOptions options;
    private final OrderTraces traces;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final List<String> failures = new ArrayList<>();

    private SagaRun(SagaBenchOptions options) {
        this.options = options;
        // every order the run places, and the set-up's probe order whose last facts may still arrive
        this.traces = new OrderTraces((int) Math.min(Integer.MAX_VALUE / 16, options.totalOrders() + 16));
    }

    static Result run(Path dataDir, SagaBenchOptions options, Progress progress) throws InterruptedException {
        return new SagaRun(options).measure(dataDir, progress);
    }

    interface Progress {
        void say(String format, Object... args);
    }

    private Result measure(Path dataDir, Progress progress) throws InterruptedException {
        long total = options.totalOrders();
        long warmupOrders = (long) Math.ceil(options.warmup().toNanos() / 1e9 * options.ordersPerSecond());
        try (var shop = ShopServices.start(ShopConfig.of(dataDir, c -> c.readTimeout = Duration.ofSeconds(30)))) {
            progress.say("setting up %,d customers and %,d SKUs for %,d orders", options.customers(), options.skus(),
                    total);
            List<String> customers = setUp(shop, total);
            try (Subscription observer = observe(shop); var timeline = SagaTimeline.start(shop)) {
                progress.say("placing %,.0f orders/s open-loop: %.1f s warm-up, then %.1f s counted",
                        options.ordersPerSecond(), options.warmup().toNanos() / 1e9, options.measure().toNanos() / 1e9);
                long periodNanos = (long) (1e9 / options.ordersPerSecond());
                long start = System.nanoTime() + 10_000_000;
                long windowStart = start + warmupOrders * periodNanos;
                WriterStats[] writerAtWindow = new WriterStats[1];
                StateUse[] stateAtWindow = new StateUse[1];
                long[] cpuAtWindow = new long[1];
                long[] headAtWindow = new long[1];
                var placers = Executors.newVirtualThreadPerTaskExecutor();
                try {
                    for (long i = 0; i < total; i++) {
                        long due = start + i * periodNanos;
                        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                            LockSupport.parkNanos(wait);
                        }
                        if (i == warmupOrders) {
                            headAtWindow[0] = shop.log().headPosition();
                            writerAtWindow[0] = shop.log().writerStats();
                            stateAtWindow[0] = StateUse.of(shop);
                            cpuAtWindow[0] = CpuClock.processNanos();
                        }
                        if (inFlight.get() >= options.maxInFlight()) {
                            if (i >= warmupOrders) {
                                skipped.incrementAndGet();
                            }
                            continue;
                        }
                        inFlight.incrementAndGet();
                        boolean counted = i >= warmupOrders;
                        String customer = customers.get((int) (i % customers.size()));
                        List<OrderLine> lines = lines(i);
                        placers.submit(() -> place(shop, due, customer, lines, counted));
                    }
                    long placingEnded = System.nanoTime();
                    if (writerAtWindow[0] == null) {
                        headAtWindow[0] = shop.log().headPosition();
                        writerAtWindow[0] = shop.log().writerStats();
                        stateAtWindow[0] = StateUse.of(shop);
                        cpuAtWindow[0] = CpuClock.processNanos();
                    }
                    progress.say("placed; waiting up to %.1f s for outstanding outcomes",
                            options.drain().toNanos() / 1e9);
                    placers.shutdown();
                    placers.awaitTermination(options.drain().toNanos(), TimeUnit.NANOSECONDS);
                    awaitOutcomes(placingEnded + options.drain().toNanos());
                } finally {
                    // A placement still running past the drain is abandoned, not waited for: the run stays bounded.
                    placers.shutdownNow();
                }
                long measuredWall = System.nanoTime() - windowStart;
                timeline.close();
                explainUnsettled(shop, headAtWindow[0]);
                long cpu = CpuClock.processNanos() - cpuAtWindow[0];
                var writer = minus(shop.log().writerStats(), writerAtWindow[0]);
                // From the first counted order on: the warm-up's own tail is in it, as the drain's is.
                long events = shop.log().headPosition() - headAtWindow[0];
                var state = StateUse.of(shop).minus(stateAtWindow[0]);
                return summarise(total - warmupOrders, windowStart, events, writer, state,
                        cpuAtWindow[0] < 0 ? -1 : cpu, measuredWall,
                        SagaTimeline.describe(timeline.since(windowStart), windowStart));
            }
        }
    }

    /** Enough credit and stock that every order confirms: the benchmark measures the happy path. */
    private List<String> setUp(ShopServices shop, long total) throws InterruptedException {
        long ordersPerCustomer = (total + options.customers() - 1) / options.customers() + 1;
        long credit = Math.min(1_000_000_000_000L, 2 * ordersPerCustomer * options.linesPerOrder() * UNIT_PRICE);
        var customers = new ArrayList<String>(options.customers());
        for (int c = 0; c < options.customers(); c++) {
            customers.add(shop.registerCustomer("Customer " + c, "customer" + c + "@example.org",
                    c + " Bench Street", credit).customerId());
        }
        long unitsPerSku = (total * options.linesPerOrder() + options.skus() - 1) / options.skus() + 1;
        for (int s = 0; s < options.skus(); s++) {
            for (long added = 0; added < unitsPerSku; added += STOCK_PER_CALL) {
                shop.addStock(sku(s), (int) Math.min(STOCK_PER_CALL, unitsPerSku - added));
            }
        }
        // Every customer's credit account is opened by payments in reaction to its registration: wait for the last.
        var last = customers.getLast();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (shop.credit(last).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("payments did not open the customers' credit accounts in 30 s");
            }
            Thread.sleep(5);
        }
        // One order through the whole saga before the clock starts: every service is running and warm.
        var probe = shop.placeOrder(customers.getFirst(), lines(0));
        var outcome = shop.awaitOrder(probe.orderId(), EnumSet.of(OrderStatus.CONFIRMED, OrderStatus.SHIPPED,
                OrderStatus.CANCELLED), Duration.ofSeconds(30));
        if (outcome.status() == OrderStatus.CANCELLED) {
            throw new IllegalStateException("the set-up order was cancelled: " + outcome.reason());
        }
        return List.copyOf(customers);
    }

    private List<OrderLine> lines(long order) {
        var lines = new ArrayList<OrderLine>(options.linesPerOrder());
        for (int j = 0; j < options.linesPerOrder(); j++) {
            lines.add(new OrderLine(sku((int) ((order * options.linesPerOrder() + j) % options.skus())), 1,
                    UNIT_PRICE));
        }
        return lines;
    }

    private static String sku(int s) {
        return "bench-sku-" + s;
    }

    private Subscription observe(ShopServices shop) {
        return shop.log().subscribe(shop.log().headPosition(),
                SubscriptionFilter.typeNames(ORDER_PLACED, STOCK_RESERVED, PAYMENT_AUTHORIZED,
                        ORDER_CONFIRMED, ORDER_CANCELLED), this::seen);
    }

    /** On the observer's thread: when the fact became visible to a reader of the log. */
    private void seen(RecordedEvent event) {
        long now = System.nanoTime();
        int slot = traces.slot(event.correlationId());
        if (slot < 0) {
            return;
        }
        traces.set(slot, switch (event.type().name()) {
            case ORDER_PLACED -> OrderTraces.SEEN_PLACED;
            case STOCK_RESERVED -> OrderTraces.SEEN_RESERVED;
            case PAYMENT_AUTHORIZED -> OrderTraces.SEEN_AUTHORIZED;
            case ORDER_CONFIRMED -> OrderTraces.SEEN_CONFIRMED;
            default -> OrderTraces.SEEN_CANCELLED;
        }, now);
    }

    private void place(ShopServices shop, long due, String customer, List<OrderLine> lines, boolean counted) {
        try {
            var placed = shop.placeOrder(customer, lines);
            long now = System.nanoTime();
            if (counted) {
                int slot = traces.slot(placed.orderId());
                if (slot < 0) {
                    throw new IllegalStateException("more orders than the run has room to trace");
                }
                traces.placed(slot, due, now);
            }
        } catch (RuntimeException e) {
            if (counted) {
                failed.incrementAndGet();
            }
            synchronized (failures) {
                if (failures.size() < 5) {
                    failures.add("a placement failed: " + e);
                }
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Names up to five counted orders without an outcome, with the facts of theirs the log holds. */
    private void explainUnsettled(ShopServices shop, long from) {
        var unsettled = new java.util.LinkedHashMap<String, List<String>>();
        traces.forEachCounted(slot -> {
            if (!settled(slot) && unsettled.size() < 5) {
                unsettled.put(traces.orderId(slot), new ArrayList<>());
            }
        });
        if (unsettled.isEmpty()) {
            return;
        }
        for (long position = Math.max(0, from - 10_000); ; ) {
            var page = shop.log().readAll(position, 4_096);
            if (page.isEmpty()) {
                break;
            }
            for (var event : page) {
                var types = unsettled.get(event.correlationId());
                if (types != null) {
                    types.add(event.type().name() + "@" + event.position());
                }
            }
            position = page.getLast().position() + 1;
        }
        synchronized (failures) {
            unsettled.forEach((orderId, types) -> failures.add("no outcome seen for order " + orderId
                    + "; its facts on the log: " + types));
        }
    }

    /** Until every counted order placed has an outcome the observer saw, or the deadline. */
    private void awaitOutcomes(long deadline) throws InterruptedException {
        while (System.nanoTime() < deadline) {
            boolean[] done = {true};
            traces.forEachCounted(slot -> done[0] &= settled(slot));
            if (done[0]) {
                return;
            }
            Thread.sleep(20);
        }
    }

    private boolean settled(int slot) {
        return traces.get(slot, OrderTraces.SEEN_CONFIRMED) != 0 || traces.get(slot, OrderTraces.SEEN_CANCELLED) != 0;
    }

    private Result summarise(long orders, long windowStart, long events, WriterStats writer, StateUse state, long cpu,
                             long measuredWall, String happenings) {
        long slowNanos = (long) (SagaBenchReport.TARGET_P99_MS * 1e6);
        var slowByHalfSecond = new TreeMap<Integer, Integer>();
        var saga = new ArrayList<Long>();
        var endToEnd = new ArrayList<Long>();
        var placement = new ArrayList<Long>();
        var inventory = new ArrayList<Long>();
        var payments = new ArrayList<Long>();
        var ordersStage = new ArrayList<Long>();
        long[] counts = new long[3]; // placed, confirmed, cancelled
        long[] lastOutcome = {windowStart};
        traces.forEachCounted(slot -> {
            counts[0]++;
            long scheduled = traces.get(slot, OrderTraces.SCHEDULED);
            long seenPlaced = traces.get(slot, OrderTraces.SEEN_PLACED);
            long seenReserved = traces.get(slot, OrderTraces.SEEN_RESERVED);
            long seenAuthorized = traces.get(slot, OrderTraces.SEEN_AUTHORIZED);
            long seenConfirmed = traces.get(slot, OrderTraces.SEEN_CONFIRMED);
            long seenCancelled = traces.get(slot, OrderTraces.SEEN_CANCELLED);
            placement.add(traces.get(slot, OrderTraces.PLACED) - scheduled);
            if (seenConfirmed != 0) {
                counts[1]++;
                saga.add(seenConfirmed - seenPlaced);
                if (seenConfirmed - seenPlaced > slowNanos) {
                    SagaTimeline.count(slowByHalfSecond, seenPlaced - windowStart);
                }
                endToEnd.add(seenConfirmed - scheduled);
                inventory.add(seenReserved - seenPlaced);
                payments.add(seenAuthorized - seenReserved);
                ordersStage.add(seenConfirmed - seenAuthorized);
                lastOutcome[0] = Math.max(lastOutcome[0], seenConfirmed);
            } else if (seenCancelled != 0) {
                counts[2]++;
                lastOutcome[0] = Math.max(lastOutcome[0], seenCancelled);
            }
        });
        long placed = counts[0];
        long confirmed = counts[1];
        long cancelled = counts[2];
        return new Result(orders, placed, confirmed, cancelled, failed.get(), skipped.get(), sorted(saga),
                sorted(endToEnd), sorted(placement),
                new Stages(sorted(inventory), sorted(payments), sorted(ordersStage)), lastOutcome[0] - windowStart, events,
                writer, state, cpu, measuredWall,
                new Slow(slowByHalfSecond.values().stream().mapToLong(Integer::longValue).sum(), slowByHalfSecond,
                        happenings),
                List.copyOf(failures));
    }

    private static long[] sorted(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    private static WriterStats minus(WriterStats after, WriterStats before) {
        return new WriterStats(after.batches() - before.batches(), after.appends() - before.appends(),
                after.bytesWritten() - before.bytesWritten(), after.syncNanos() - before.syncNanos());
    }
}
