package dev.chorus.bench.internal;

import dev.chorus.log.state.EmbeddedStateStore;
import dev.chorus.shop.ShopServices;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;

/**
 * What happened in the shop's process while the orders ran, so that a run's slow orders can be laid beside it: the
 * log's segment rolls, the state store's compactions (from the start of a snapshot's generation to the snapshot on
 * disk) and merges (when each ends), and the collector's pauses, noted by a thread that looks every {@value #EVERY_MILLIS} ms. Times are
 * {@code System.nanoTime()}.
 */
final class SagaTimeline implements AutoCloseable {
    private static final long EVERY_MILLIS = 5;

    /** One thing that happened: {@code end} is {@code start} for an instant, -1 for one not over by the end. */
    record Happening(String what, long start, long end, double pauseMs) {}

    private final ShopServices shop;
    private final Path logDir;
    private final List<Happening> happenings = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    private SagaTimeline(ShopServices shop) {
        this.shop = shop;
        this.logDir = shop.log().config().dataDir();
        this.thread = Thread.ofPlatform().name("chorus-bench-timeline").daemon(true).unstarted(this::watch);
    }

    static SagaTimeline start(ShopServices shop) {
        var timeline = new SagaTimeline(shop);
        timeline.thread.start();
        return timeline;
    }

    private void watch() {
        long segments = segments();
        long generation = generation();
        long compactionStart = -1;
        long compactionsAtStart = 0;
        long merges = merges();
        var collectors = ManagementFactory.getGarbageCollectorMXBeans();
        long[] counts = new long[collectors.size()];
        long[] millis = new long[collectors.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = collectors.get(i).getCollectionCount();
            millis[i] = collectors.get(i).getCollectionTime();
        }
        while (running) {
            LockSupport.parkNanos(EVERY_MILLIS * 1_000_000);
            long now = System.nanoTime();
            long seen = segments();
            if (seen > segments) {
                add(new Happening("log roll", now, now, 0));
                segments = seen;
            }
            long nowGeneration = generation();
            if (nowGeneration > generation) {
                compactionStart = now;
                compactionsAtStart = compactions();
                generation = nowGeneration;
            }
            if (compactionStart >= 0 && compactions() > compactionsAtStart) {
                add(new Happening("state compaction", compactionStart, now, 0));
                compactionStart = -1;
            }
            long nowMerges = merges();
            if (nowMerges > merges) {
                add(new Happening("state merge", now, now, 0));
                merges = nowMerges;
            }
            for (int i = 0; i < counts.length; i++) {
                GarbageCollectorMXBean collector = collectors.get(i);
                long count = collector.getCollectionCount();
                if (count > counts[i]) {
                    long time = collector.getCollectionTime();
                    add(new Happening(collector.getName(), now, now, time - millis[i]));
                    counts[i] = count;
                    millis[i] = time;
                }
            }
        }
        if (compactionStart >= 0) {
            add(new Happening("state compaction", compactionStart, -1, 0));
        }
    }

    private synchronized void add(Happening happening) {
        happenings.add(happening);
    }

    private long segments() {
        try {
            return LogFiles.segmentCount(logDir);
        } catch (IOException e) {
            return 0;
        }
    }

    private long generation() {
        return shop.state() instanceof EmbeddedStateStore store ? store.stats().generation() : 0;
    }

    private long merges() {
        return shop.state() instanceof EmbeddedStateStore store ? store.stats().merges() : 0;
    }

    /** Snapshots written: a compaction counts once its snapshot is on disk. */
    private long compactions() {
        return shop.state() instanceof EmbeddedStateStore store ? store.stats().compactions() : 0;
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What happened from {@code from} on, in order. */
    synchronized List<Happening> since(long from) {
        return happenings.stream().filter(h -> h.end() < 0 || h.end() >= from).toList();
    }

    /**
     * Slow orders by the half-second of the counted window their OrderPlaced became visible in: the busiest first,
     * as "seconds:count", at most {@code limit} of them.
     */
    static String busiest(Map<Integer, Integer> byHalfSecond, int limit) {
        return byHalfSecond.entrySet().stream()
                .sorted(Map.Entry.<Integer, Integer>comparingByValue().reversed())
                .limit(limit)
                .map(e -> String.format(Locale.ROOT, "%.1f:%d", e.getKey() / 2.0, e.getValue()))
                .reduce((a, b) -> a + "," + b).orElse("");
    }

    /** The happenings as "what@seconds" (or "what@from-to"), seconds from {@code windowStart}. */
    static String describe(List<Happening> happenings, long windowStart) {
        var parts = new ArrayList<String>();
        for (Happening h : happenings) {
            String at = seconds(h.start(), windowStart);
            if (h.end() != h.start()) {
                at += "-" + (h.end() < 0 ? "" : seconds(h.end(), windowStart));
            }
            parts.add(h.pauseMs() > 0 ? String.format(Locale.ROOT, "%s@%s(%.0fms)", h.what(), at, h.pauseMs())
                    : h.what() + "@" + at);
        }
        return String.join(",", parts);
    }

    private static String seconds(long at, long windowStart) {
        return String.format(Locale.ROOT, "%.2f", (at - windowStart) / 1e9);
    }

    /** Adds one to the half-second of {@code offsetNanos} (from the window's start). */
    static void count(TreeMap<Integer, Integer> byHalfSecond, long offsetNanos) {
        byHalfSecond.merge((int) Math.floorDiv(offsetNanos, 500_000_000L), 1, Integer::sum);
    }
}
