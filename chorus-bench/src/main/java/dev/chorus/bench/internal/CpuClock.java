package dev.chorus.bench.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Arrays;
import java.util.Objects;

/**
 * CPU time consumed by the whole process and by one named platform thread: on a 2-core machine, CPU per
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

    /** CPU time of the live platform thread named {@code name}, or -1 if there is none or it is not measurable. */
    static long threadNanos(String name) {
        var threads = ManagementFactory.getThreadMXBean();
        if (!threads.isThreadCpuTimeSupported()) {
            return -1;
        }
        return Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds()))
                .filter(Objects::nonNull)
                .filter(info -> name.equals(info.getThreadName()))
                .mapToLong(ThreadInfo::getThreadId)
                .map(threads::getThreadCpuTime)
                .filter(nanos -> nanos >= 0)
                .findFirst().orElse(-1);
    }
}
