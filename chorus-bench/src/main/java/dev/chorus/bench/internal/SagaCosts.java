package dev.chorus.bench.internal;

import java.lang.management.ManagementFactory;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * What the shop spent between two moments, to say where the time goes: CPU of this JVM by kind of thread and of
 * PostgreSQL, PostgreSQL transactions committed, and requests the in-JVM broker handled by type.
 */
final class SagaCosts {
    /** Thread groups in the order they are reported; a thread goes to the first whose name prefix it has. */
    private static final Map<String, List<String>> GROUPS = groups();

    /** One moment's counters. */
    record Snapshot(long wallNanos, long jvmCpuNanos, long postgresCpuNanos, Map<String, Long> threadNanos,
                    long postgresTransactions, Map<String, Long> brokerRequests, Map<String, Long> tableStatistics) {}

    /**
     * The difference between two snapshots.
     *
     * @param threadGroupNanos CPU by group of platform threads; "JVM (GC, JIT) and other" is the process's CPU that
     *                         no live Java thread accounts for
     * @param tableStatistics  per {@code schema.table}, index scans, sequential scans and rows inserted, updated and
     *                         deleted ({@code pg_stat_user_tables}), where the statements went
     */
    record Spent(long wallNanos, long jvmCpuNanos, long postgresCpuNanos, Map<String, Long> threadGroupNanos,
                 long postgresTransactions, Map<String, Long> brokerRequests, Map<String, Long> tableStatistics) {
        double cores(long nanos) {
            return nanos < 0 || wallNanos <= 0 ? -1 : (double) nanos / wallNanos;
        }
    }

    private SagaCosts() {}

    static Snapshot snapshot(BenchPostgres postgres) {
        return new Snapshot(System.nanoTime(), CpuClock.processNanos(), postgres.serverCpuNanos(),
                CpuClock.threadNanos(""), postgresTransactions(postgres.jdbcUrl()), brokerRequests(),
                tableStatistics(postgres.jdbcUrl()));
    }

    static Spent between(Snapshot before, Snapshot after) {
        var groups = new LinkedHashMap<String, Long>();
        GROUPS.keySet().forEach(group -> groups.put(group, 0L));
        long threads = 0;
        for (var entry : after.threadNanos().entrySet()) {
            long nanos = entry.getValue() - before.threadNanos().getOrDefault(entry.getKey(), 0L);
            threads += nanos;
            groups.merge(group(entry.getKey()), nanos, Long::sum);
        }
        long jvm = before.jvmCpuNanos() < 0 ? -1 : after.jvmCpuNanos() - before.jvmCpuNanos();
        if (jvm >= 0) {
            groups.put("JVM (GC, JIT) and threads that ended", Math.max(0, jvm - threads));
        }
        var requests = new TreeMap<String, Long>();
        after.brokerRequests().forEach((type, count) -> {
            long handled = count - before.brokerRequests().getOrDefault(type, 0L);
            if (handled > 0) {
                requests.put(type, handled);
            }
        });
        long postgresCpu = before.postgresCpuNanos() < 0 || after.postgresCpuNanos() < 0 ? -1
                : after.postgresCpuNanos() - before.postgresCpuNanos();
        long transactions = before.postgresTransactions() < 0 || after.postgresTransactions() < 0 ? -1
                : after.postgresTransactions() - before.postgresTransactions();
        var tables = new TreeMap<String, Long>();
        after.tableStatistics().forEach((key, count) -> {
            long done = count - before.tableStatistics().getOrDefault(key, 0L);
            if (done > 0) {
                tables.put(key, done);
            }
        });
        return new Spent(after.wallNanos() - before.wallNanos(), jvm, postgresCpu, groups, transactions, requests,
                tables);
    }

    private static String group(String thread) {
        for (var group : GROUPS.entrySet()) {
            for (String prefix : group.getValue()) {
                if (thread.startsWith(prefix)) {
                    return group.getKey();
                }
            }
        }
        return "Kafka broker and other platform threads";
    }

    private static Map<String, List<String>> groups() {
        var groups = new LinkedHashMap<String, List<String>>();
        groups.put("virtual threads: relays, handlers, projections, HTTP API", List.of("ForkJoinPool-"));
        groups.put("inboxes (consumer poll, import)", List.of("chorus-inbox-"));
        groups.put("Kafka clients' network threads", List.of("kafka-producer-network-thread",
                "kafka-admin-client-thread", "kafka-coordinator-heartbeat-thread"));
        groups.put("load generator (HTTP client)", List.of("HttpClient-", "main"));
        groups.put("Kafka broker and other platform threads", List.of());
        return groups;
    }

    /** Transactions committed in the shop's database so far, or -1 when the statistics cannot be read. */
    private static long postgresTransactions(String jdbcUrl) {
        try (var connection = DriverManager.getConnection(jdbcUrl);
             var query = connection.prepareStatement(
                     "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()");
             var rows = query.executeQuery()) {
            return rows.next() ? rows.getLong(1) : -1;
        } catch (SQLException e) {
            return -1;
        }
    }

    /**
     * Per table of the shop's schemas, {@code schema.table idx|seq|ins|upd|del} counts so far; empty when they cannot
     * be read. PostgreSQL 14 sends a backend's counts to its collector at most every half second, so the last moment
     * of a window may be missing.
     */
    private static Map<String, Long> tableStatistics(String jdbcUrl) {
        var counts = new TreeMap<String, Long>();
        try (var connection = DriverManager.getConnection(jdbcUrl);
             var query = connection.prepareStatement("SELECT schemaname, relname, coalesce(idx_scan, 0), seq_scan,"
                     + " n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_user_tables");
             var rows = query.executeQuery()) {
            while (rows.next()) {
                String table = rows.getString(1) + "." + rows.getString(2) + " ";
                counts.put(table + "idx", rows.getLong(3));
                counts.put(table + "seq", rows.getLong(4));
                counts.put(table + "ins", rows.getLong(5));
                counts.put(table + "upd", rows.getLong(6));
                counts.put(table + "del", rows.getLong(7));
            }
        } catch (SQLException e) {
            counts.clear();
        }
        return counts;
    }

    /** Requests the broker in this JVM has handled so far, by type, from its JMX request metrics. */
    private static Map<String, Long> brokerRequests() {
        var server = ManagementFactory.getPlatformMBeanServer();
        var counts = new TreeMap<String, Long>();
        try {
            for (var name : server.queryNames(
                    new ObjectName("kafka.network:type=RequestMetrics,name=RequestsPerSec,*"), null)) {
                if (server.getAttribute(name, "Count") instanceof Number count) {
                    counts.merge(name.getKeyProperty("request"), count.longValue(), Long::sum);
                }
            }
        } catch (JMException e) {
            // No metrics, no figures: the report shows none.
        }
        return counts;
    }
}
