package dev.tally.store;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static java.lang.foreign.ValueLayout.ADDRESS;

/**
 * The child process behind {@link dev.tally.support.ClickHouseListener}: the embedded engine's library
 * running ClickHouse's real HTTP and TCP listeners ({@code chdb_query_cmdline} with clickhouse-local's
 * arguments) until this process dies. One engine per process, which is why it is a process of its own.
 *
 * <p>Arguments: {@code <libchdb.so> <data dir> <http port> <tcp port> [config file]}.
 *
 * <p>Tricky: the listeners only serve while a query runs, so the query after {@code SYSTEM START LISTEN}
 * sleeps for ten hours, one row per second, with no time limit. The process ends when its parent does:
 * it watches its standard input (the parent holds the pipe; EOF means the parent is gone, even after a
 * SIGKILL that ran no shutdown hook) and the parent's process handle.
 */
public final class ChdbServerMain {
    private static final String SERVE = "SYSTEM START LISTEN HTTP; SYSTEM START LISTEN TCP; "
            + "SELECT sleepEachRow(1) FROM numbers(36000) FORMAT Null SETTINGS max_execution_time = 0,"
            + " function_sleep_max_microseconds_per_block = 0, max_block_size = 1";

    private ChdbServerMain() {
    }

    public static void main(String[] args) throws Throwable {
        Path library = Path.of(args[0]);
        List<String> argv = new ArrayList<>(List.of("clickhouse",
                "--path=" + Path.of(args[1]).toAbsolutePath(),
                "--http_port=" + args[2],
                "--tcp_port=" + args[3],
                "--listen_host=127.0.0.1",
                "--multiquery"));
        if (args.length > 4) {
            argv.add("--config-file=" + Path.of(args[4]).toAbsolutePath());
        }
        argv.add("--query=" + SERVE);
        dieWithParent();

        ChdbLibrary chdb = ChdbLibrary.load(library);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment nativeArgv = arena.allocate(ADDRESS, argv.size() + 1L);
            for (int i = 0; i < argv.size(); i++) {
                nativeArgv.setAtIndex(ADDRESS, i, arena.allocateFrom(argv.get(i)));
            }
            MemorySegment result = (MemorySegment) chdb.queryCmdline.invokeExact(argv.size(), nativeArgv);
            String error = result.equals(MemorySegment.NULL) ? "no result"
                    : NativeStrings.read((MemorySegment) chdb.resultError.invokeExact(result));
            System.err.println("chdb_query_cmdline returned: " + (error == null || error.isEmpty() ? "done" : error));
        }
        Runtime.getRuntime().halt(2);
    }

    private static void dieWithParent() {
        Thread.ofPlatform().daemon().name("parent-stdin").start(() -> {
            try {
                while (System.in.read() >= 0) {
                    // The parent never writes; only EOF matters.
                }
            } catch (IOException e) {
                // A broken pipe means the same as EOF.
            }
            Runtime.getRuntime().halt(0);
        });
        ProcessHandle.current().parent().ifPresent(parent -> Thread.ofPlatform().daemon().name("parent-watch").start(() -> {
            while (parent.isAlive()) {
                try {
                    TimeUnit.SECONDS.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
            Runtime.getRuntime().halt(0);
        }));
    }
}
