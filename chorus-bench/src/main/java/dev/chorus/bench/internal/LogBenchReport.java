package dev.chorus.bench.internal;

import java.io.PrintStream;
import java.util.Locale;

/** The figures of one {@code bench log} run, their ratios and their verdicts against the targets. */
record LogBenchReport(LogBenchOptions options, String filesystem, double loadAverageBefore,
                      double loadAverageAfter, DiskLimit.Result disk, ThroughputPhase.Result throughput,
                      ThroughputPhase.Result withoutFsync, LatencyPhase.Result latency, HeapPhase.Result heap,
                      SealPhase.Result seal) implements BenchRun.Report {
    static final double RATIO_TARGET = 0.5;
    static final double P99_TARGET_MS = 2.0;
    private static final double MB = 1e6;
    private static final double MIB = 1 << 20;

    double framedEventBytes() {
        return throughput.framedEventBytes();
    }

    double diskBytesPerSecond() {
        return disk.best().bytesPerSecond();
    }

    double diskEventsPerSecond() {
        return framedEventBytes() == 0 ? 0 : diskBytesPerSecond() / framedEventBytes();
    }

    double eventsPerSecond() {
        return throughput.measured().eventsPerSecond();
    }

    double ratioToDiskLimit() {
        return diskEventsPerSecond() == 0 ? 0 : eventsPerSecond() / diskEventsPerSecond();
    }

    boolean ratioPass() {
        return ratioToDiskLimit() >= RATIO_TARGET;
    }

    boolean p99Pass() {
        return latency.appends() > 0 && latency.percentileMs(99) <= P99_TARGET_MS;
    }

    double bytesPerFsync() {
        var writer = throughput.writer();
        return writer.batches() == 0 ? 0 : (double) writer.bytesWritten() / writer.batches();
    }

    double durableToNoFsync() {
        double ceiling = withoutFsync.measured().eventsPerSecond();
        return ceiling == 0 ? 0 : eventsPerSecond() / ceiling;
    }

    double heapRatio() {
        return heap.beforeBytes() == 0 ? 0 : (double) heap.afterBytes() / heap.beforeBytes();
    }

    /**
     * The share of one core the sealer would take from a log appending at the durable rate measured here: a warm
     * seal's CPU over the time those appends take to fill one segment.
     */
    double sealShareAtDurableRate() {
        double fillSeconds = eventsPerSecond() == 0 ? 0 : seal.eventsPerSegment() / eventsPerSecond();
        return fillSeconds == 0 ? 0 : seal.warmCpuNanos() / 1e9 / fillSeconds;
    }

    @Override
    public void printTable(PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "chorus bench log: %d cores, Java %s, %s (MB = 10^6 bytes; heap in MiB)%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), filesystem);
        out.printf(Locale.ROOT, "1-minute load average before / after: %.2f / %.2f%s%n", loadAverageBefore,
                loadAverageAfter, loadAverageBefore > 1.0 ? " (other work was running: figures are noisier;"
                        + " run again when the machine is quiet)" : "");
        var table = new Table().row("measure", "figure", "target", "verdict");
        table.row("disk limit (" + kib(disk.best().chunkBytes()) + " writes + fsync each)",
                f("%.1f MB/s = %,.0f events/s", diskBytesPerSecond() / MB, diskEventsPerSecond()), "", "");
        for (int i = 0; i < disk.before().size(); i++) {
            var before = disk.before().get(i);
            var after = disk.after().get(i);
            table.row("  " + kib(before.chunkBytes()) + " writes + fsync each, before / after",
                    f("%.1f / %.1f MB/s (%d MiB each)", before.bytesPerSecond() / MB, after.bytesPerSecond() / MB,
                            before.bytes() >> 20), "", "");
        }
        table.row("  " + DiskLimit.SMALL_SYNC_BYTES + " B append + fsync, p50 / p99",
                f("%.3f / %.3f ms", disk.smallSyncPercentileMs(50), disk.smallSyncPercentileMs(99)), "", "");
        table.row("framed event size (" + options.eventBytes() + " B payload)",
                f("%.1f B", framedEventBytes()), "", "");
        table.row("durable throughput, " + throughput.writers() + " writers",
                f("%,.0f events/s (%,d in %.2f s)", eventsPerSecond(), throughput.measured().events(),
                        throughput.measured().nanos() / 1e9),
                f(">= %.0f%% of disk limit", RATIO_TARGET * 100),
                verdict(ratioPass()) + f(" (%.1f%%)", ratioToDiskLimit() * 100));
        table.row("  ack latency under load, p50 / p99",
                f("%.3f / %.3f ms", throughput.acks().percentile(50) / 1e6, throughput.acks().percentile(99) / 1e6),
                "", "");
        table.row("  group commit: per fsync, fsync time",
                f("%.0f appends (%.0f KB), %.3f ms each, in fsync %.0f%% of the time",
                        throughput.writer().appendsPerBatch(), bytesPerFsync() / 1e3,
                        throughput.writer().meanSyncMillis(), throughput.fsyncBusy() * 100), "", "");
        table.row("  CPU: per event, log writer / syncer busy",
                f("%.2f us/event; writer on CPU %.0f%%, syncer %.0f%% of the time", throughput.cpuMicrosPerEvent(),
                        throughput.busy(ThroughputPhase.WRITER_THREAD) * 100,
                        throughput.busy(ThroughputPhase.SYNCER_THREAD) * 100), "", "");
        table.row("same load without fsync (for comparison)",
                f("%,.0f events/s (durable is %.0f%% of it; CPU %.2f us/event)",
                        withoutFsync.measured().eventsPerSecond(), durableToNoFsync() * 100,
                        withoutFsync.cpuMicrosPerEvent()), "", "");
        table.row("single-writer ack latency, p50 / p99",
                f("%.3f / %.3f ms (%,d appends)", latency.percentileMs(50), latency.percentileMs(99), latency.appends()),
                f("p99 <= %.0f ms", P99_TARGET_MS), verdict(p99Pass()));
        table.row("heap after GC, before / after",
                f("%.1f / %.1f MiB (x%.2f, %+.2f B/event over %,d events, %,d segments)", heap.beforeBytes() / MIB,
                        heap.afterBytes() / MIB, heapRatio(), heap.growthBytesPerEvent(), heap.appended(),
                        heap.segments()),
                "flat (< 1 B/event)", verdict(heap.flat()));
        table.row("sealing a segment: sealer CPU, first / the rest",
                f("%.0f / %.0f ms (%,.0f streams in %d MiB; %d sealed)", seal.firstCpuNanos() / 1e6,
                        seal.warmCpuNanos() / 1e6, seal.eventsPerSegment(), seal.segmentBytes() >> 20,
                        seal.seals().size()), "", "");
        table.row("  the rest: roll to index on disk, sealer's share of a core",
                f("%.0f ms, %.2f; at the durable rate above %.3f of a core", seal.warmWallNanos() / 1e6,
                        seal.warmCoreShare(), sealShareAtDurableRate()), "", "");
        table.print(out);
    }

    @Override
    public String json() {
        var json = new JsonLine()
                .put("bench", "log")
                .put("cores", Runtime.getRuntime().availableProcessors())
                .put("java", Runtime.version().toString())
                .put("filesystem", filesystem)
                .put("load_average_before", loadAverageBefore)
                .put("load_average_after", loadAverageAfter)
                .put("writers", throughput.writers())
                .put("event_bytes", options.eventBytes())
                .put("framed_event_bytes", framedEventBytes())
                .put("fsync", true)
                .put("events_per_s", eventsPerSecond())
                .put("events_measured", throughput.measured().events())
                .put("seconds_measured", throughput.measured().nanos() / 1e9)
                .put("disk_limit_mb_per_s", diskBytesPerSecond() / MB)
                .put("disk_limit_events_per_s", diskEventsPerSecond())
                .put("disk_limit_chunk_kib", disk.best().chunkBytes() >> 10);
        for (int i = 0; i < disk.before().size(); i++) {
            var before = disk.before().get(i);
            var after = disk.after().get(i);
            json.put("disk_" + (before.chunkBytes() >> 10) + "kib_fsync_mb_per_s",
                    Math.max(before.bytesPerSecond(), after.bytesPerSecond()) / MB);
        }
        json.put("disk_limit_before_mb_per_s", DiskLimit.Result.bestOf(disk.before()) / MB)
                .put("disk_limit_after_mb_per_s", DiskLimit.Result.bestOf(disk.after()) / MB);
        return json
                .put("disk_sync_small_bytes", DiskLimit.SMALL_SYNC_BYTES)
                .put("disk_sync_small_p50_ms", disk.smallSyncPercentileMs(50))
                .put("disk_sync_small_p99_ms", disk.smallSyncPercentileMs(99))
                .put("ratio_to_disk_limit", ratioToDiskLimit())
                .put("ratio_target", RATIO_TARGET)
                .put("ratio_pass", ratioPass())
                .put("loaded_p50_ack_ms", throughput.acks().percentile(50) / 1e6)
                .put("loaded_p99_ack_ms", throughput.acks().percentile(99) / 1e6)
                .put("cpu_us_per_event", throughput.cpuMicrosPerEvent())
                .put("writer_thread_busy", throughput.busy(ThroughputPhase.WRITER_THREAD))
                .put("syncer_thread_busy", throughput.busy(ThroughputPhase.SYNCER_THREAD))
                .put("fsyncs", throughput.writer().batches())
                .put("appends_per_fsync", throughput.writer().appendsPerBatch())
                .put("bytes_per_fsync", bytesPerFsync())
                .put("mean_fsync_ms", throughput.writer().meanSyncMillis())
                .put("fsync_busy", throughput.fsyncBusy())
                .put("nofsync_events_per_s", withoutFsync.measured().eventsPerSecond())
                .put("nofsync_cpu_us_per_event", withoutFsync.cpuMicrosPerEvent())
                .put("durable_to_nofsync", durableToNoFsync())
                .put("p50_ack_ms", latency.percentileMs(50))
                .put("p99_ack_ms", latency.percentileMs(99))
                .put("max_ack_ms", latency.percentileMs(100))
                .put("latency_appends", latency.appends())
                .put("p99_target_ms", P99_TARGET_MS)
                .put("p99_pass", p99Pass())
                .put("heap_before_mb", heap.beforeBytes() / MIB)
                .put("heap_after_mb", heap.afterBytes() / MIB)
                .put("heap_ratio", heapRatio())
                .put("heap_growth_bytes_per_event", heap.growthBytesPerEvent())
                .put("events_heap_test", heap.appended())
                .put("heap_test_segments", heap.segments())
                .put("heap_events_per_s_nofsync", heap.round().eventsPerSecond())
                .put("heap_pass", heap.flat())
                .put("seal_segments", seal.seals().size())
                .put("seal_streams_per_segment", seal.eventsPerSegment())
                .put("seal_first_cpu_ms", seal.firstCpuNanos() / 1e6)
                .put("seal_warm_cpu_ms", seal.warmCpuNanos() / 1e6)
                .put("seal_warm_wall_ms", seal.warmWallNanos() / 1e6)
                .put("seal_warm_core_share", seal.warmCoreShare())
                .put("seal_share_at_durable_rate", sealShareAtDurableRate())
                .toString();
    }

    private static String kib(int bytes) {
        return bytes >= 1 << 20 ? (bytes >> 20) + " MiB" : (bytes >> 10) + " KiB";
    }

    private static String verdict(boolean pass) {
        return pass ? "PASS" : "MISS";
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
