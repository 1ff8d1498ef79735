package io.sfcrime.analytics.bench;

import io.sfcrime.testkit.HourlyCounts;
import java.lang.management.ManagementFactory;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What one timed computation counted, per (hour, crime type, disposition), and how long
 * it took; its time is trusted only once its counts equal the independent ones.
 *
 * @param what the service cell or baseline that counted
 * @param millis wall time of the computation
 * @param cpuMillis CPU time this JVM spent meanwhile, all threads (the broker's
 * included): a figure other processes on the machine do not inflate
 * @param counts its counts
 */
record Counted(String what, double millis, double cpuMillis, Map<HourlyCounts.Key, Long> counts) {

    /** CPU time of this process so far. */
    static double processCpuMillis() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime() / 1e6;
    }

    /**
     * @return this, once its counts are exactly {@code expected}
     * @throws IllegalStateException naming the first keys that differ
     */
    Counted checkedAgainst(Map<HourlyCounts.Key, Long> expected) {
        if (!this.counts.equals(expected)) {
            Set<HourlyCounts.Key> keys = new HashSet<>(expected.keySet());
            keys.addAll(this.counts.keySet());
            String differ = keys.stream()
                .filter(key -> !Objects.equals(expected.get(key), this.counts.get(key)))
                .limit(5)
                .map(key -> key + ": expected " + expected.get(key) + ", counted " + this.counts.get(key))
                .toList()
                .toString();
            throw new IllegalStateException(this.what + " counted " + this.counts.size() + " keys where the file has "
                    + expected.size() + "; first differences " + differ);
        }
        return this;
    }

    /** Input records per second of wall time. */
    double rowsPerSecond(int records) {
        return records * 1000.0 / this.millis;
    }

}
