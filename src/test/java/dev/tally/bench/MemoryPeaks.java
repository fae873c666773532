package dev.tally.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The benchmark process's peak heap (JVM pools) and peak resident set (the kernel's VmHWM, native memory included). */
final class MemoryPeaks {
    private MemoryPeaks() {
    }

    static String describe() {
        long heapPeak = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        return String.format(Locale.ROOT, "benchmark process peaks: heap %.0f MB (sum of pool peaks), RSS %s",
                heapPeak / 1e6, residentPeak());
    }

    private static String residentPeak() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kilobytes = Long.parseLong(line.replaceAll("\\D", ""));
                    return String.format(Locale.ROOT, "%.0f MB", kilobytes / 1e3);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return "unknown";
        }
        return "unknown";
    }
}
