package dev.tally.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU seconds of this process per thread group (user + system, from {@code /proc/self/task/<tid>/stat}), so a
 * bench can say where the CPU of a piece of work went: the engine's threads, Netty's event loops, Micronaut's
 * IO pool, the JVM's own. A group is the thread's name without its trailing numbers ({@code io-executor-thread-3}
 * → {@code io-executor-thread}); Linux keeps 15 characters of a name. Threads that end between two snapshots
 * lose their time: {@link #delta} reports it under "(ended threads)" from the process's total. Threads are told apart
 * by id, and counted under the name they have at the later snapshot (the engine renames its pooled threads for
 * the task they run).
 */
final class ThreadCpu {
    private static final double TICKS_PER_SECOND = 100.0;
    private static final Path TASKS = Path.of("/proc/self/task");
    /** {@code -Dbench.threads.sys=true} adds each group's system (kernel) share as a group of its own. */
    private static final boolean SPLIT = Boolean.getBoolean("bench.threads.sys");

    /** CPU ticks by thread id ("tid", and "tid (sys)" for the system share when asked for). */
    private final Map<String, Long> ticksByThread;
    private final Map<String, String> nameByThread;
    private final double processSeconds;

    private ThreadCpu(Map<String, Long> ticksByThread, Map<String, String> nameByThread, double processSeconds) {
        this.ticksByThread = ticksByThread;
        this.nameByThread = nameByThread;
        this.processSeconds = processSeconds;
    }

    static ThreadCpu now() {
        Map<String, Long> ticks = new TreeMap<>();
        Map<String, String> names = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(TASKS)) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String[] rest = stat.substring(close + 2).split(" ");
                    // Fields 14 and 15 of stat (utime, stime); rest[0] is field 3.
                    String tid = task.getFileName().toString();
                    String name = stat.substring(open + 1, close);
                    ticks.put(tid, Long.parseLong(rest[11]) + Long.parseLong(rest[12]));
                    names.put(tid, name);
                    if (SPLIT) {
                        ticks.put(tid + " (sys)", Long.parseLong(rest[12]));
                    }
                } catch (IOException | RuntimeException ended) {
                    // The thread ended while listing.
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + TASKS, e);
        }
        double process = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
        return new ThreadCpu(ticks, names, process);
    }

    /** CPU seconds per thread group spent since {@code earlier}, largest first, groups under 0.05 s left out. */
    Map<String, Double> delta(ThreadCpu earlier) {
        Map<String, Double> byGroup = new TreeMap<>();
        double counted = 0;
        for (Map.Entry<String, Long> thread : ticksByThread.entrySet()) {
            long spent = thread.getValue() - earlier.ticksByThread.getOrDefault(thread.getKey(), 0L);
            if (spent > 0) {
                boolean sys = thread.getKey().endsWith(" (sys)");
                String name = nameByThread.get(sys ? thread.getKey().substring(0, thread.getKey().length() - 6) : thread.getKey());
                String group = sys ? group(name) + " (sys)" : group(name);
                byGroup.merge(group, spent / TICKS_PER_SECOND, Double::sum);
                counted += sys ? 0 : spent / TICKS_PER_SECOND;
            }
        }
        byGroup.put("(ended threads)", Math.max(0, processSeconds - earlier.processSeconds - counted));
        return byGroup.entrySet().stream().filter(e -> e.getValue() >= 0.05)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, java.util.LinkedHashMap::new));
    }

    static String describe(Map<String, Double> groups) {
        return groups.entrySet().stream().map(e -> String.format(java.util.Locale.ROOT, "%s %.2f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static String group(String name) {
        return name.replaceAll("([-_ #]*\\d+)+$", "");
    }
}
