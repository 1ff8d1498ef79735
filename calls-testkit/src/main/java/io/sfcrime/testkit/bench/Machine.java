package io.sfcrime.testkit.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What a benchmark ran on, printed above its figures: figures from another machine, or
 * another JVM, are not comparable.
 *
 * @param cores the processors the JVM may use
 * @param memoryBytes the machine's physical memory
 * @param maxHeapBytes this JVM's {@code -Xmx}
 * @param jvm the runtime's name, vendor and version
 * @param os the operating system and architecture
 * @param loadAverage the one-minute load average when this was taken; above the cores,
 * other processes shared them
 */
public record Machine(int cores, long memoryBytes, long maxHeapBytes, String jvm, String os, double loadAverage) {

    private static final double GIB = 1024.0 * 1024 * 1024;

    public static Machine current() {
        return new Machine(Runtime.getRuntime().availableProcessors(), physicalMemory(),
                Runtime.getRuntime().maxMemory(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
                        + System.getProperty("java.vm.vendor") + ")",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** One line for a report's head. */
    public String describe() {
        return String.format(Locale.ROOT, "%d cores, %.1f GiB memory, JVM heap max %.1f GiB, %s, %s, load average %.2f",
                this.cores, this.memoryBytes / GIB, this.maxHeapBytes / GIB, this.jvm, this.os, this.loadAverage);
    }

    private static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        try {
            // Not a HotSpot JVM: the kernel's own figure, in kB.
            String total = Files.readAllLines(Path.of("/proc/meminfo"))
                .stream()
                .filter(line -> line.startsWith("MemTotal:"))
                .findFirst()
                .orElse("MemTotal: 0 kB");
            return Long.parseLong(total.replaceAll("\\D", "")) * 1024;
        }
        catch (IOException ex) {
            return 0;
        }
    }

}
