package dev.chorus.bench.internal;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time consumed by the whole process and by named platform threads: on a 2-core machine, CPU per
 * event is what bounds throughput once the disk is no longer the limit. Reads -1 where the JVM cannot.
 */
final class CpuClock {
    private CpuClock() {}

    static long processNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** CPU time of each live platform thread whose name starts with {@code prefix}, by name. */
    static Map<String, Long> threadNanos(String prefix) {
        var threads = ManagementFactory.getThreadMXBean();
        var byName = new TreeMap<String, Long>();
        if (!threads.isThreadCpuTimeSupported()) {
            return byName;
        }
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(prefix)) {
                long nanos = threads.getThreadCpuTime(info.getThreadId());
                if (nanos >= 0) {
                    byName.merge(info.getThreadName(), nanos, Long::sum);
                }
            }
        }
        return byName;
    }

    /** {@code after - before} for every name in both. */
    static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
        var delta = new TreeMap<String, Long>();
        after.forEach((name, nanos) -> {
            Long earlier = before.get(name);
            if (earlier != null) {
                delta.put(name, nanos - earlier);
            }
        });
        return delta;
    }
}
