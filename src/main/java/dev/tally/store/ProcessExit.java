package dev.tally.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;
import java.time.Duration;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The last thing a process using the embedded engine does, on every way out (SIGTERM at any moment of
 * start-up or under load, System.exit, the end of main): first the application's own ordered shutdown
 * (stop accepting, drain, flush buffers, close connections: {@link #closeFirst}), bounded; then
 * {@link NativeGate#closeAll} for whatever is still open, so the library's global state is torn down by
 * its last connection and not by its static destructors under a running call (issue 11, defect 5).
 *
 * Tricky: if a native call is still running when the time is up, the JVM's normal exit would run
 * libchdb.so's static destructors under that call, the crash this class exists to prevent; the process
 * then leaves with {@code _exit}, which runs none. Nothing is lost that was acknowledged: the call's
 * work was not answered yet, and a half-written insert is repaired at the next start (ADR 0040).
 */
public final class ProcessExit {
    /** The whole exit, from the signal to the process being gone: under the 5 s a supervisor usually waits. */
    static final Duration BUDGET = Duration.ofMillis(4_500);
    private static final Duration NATIVE_SHARE = Duration.ofMillis(1_000);
    private static final int EXIT_STATUS_TERMINATED = 143;
    private static final Logger LOG = LoggerFactory.getLogger(ProcessExit.class);

    private static volatile AutoCloseable application;
    private static boolean installed;

    private ProcessExit() {
    }

    /** Registers the application to close (in order, within the budget) before the engine is torn down. */
    public static void closeFirst(AutoCloseable running) {
        application = running;
    }

    static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("tally-exit").unstarted(ProcessExit::exit));
    }

    private static void exit() {
        long started = System.nanoTime();
        long deadline = started + BUDGET.toNanos();
        AutoCloseable running = application;
        if (running != null) {
            Thread closer = Thread.ofPlatform().daemon().name("tally-exit-close").start(() -> {
                try {
                    running.close();
                } catch (Exception e) {
                    LOG.warn("closing the application at exit failed: {}", e.getMessage());
                }
            });
            try {
                closer.join(Duration.ofNanos(Math.max(1, deadline - NATIVE_SHARE.toNanos() - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!NativeGate.closeAll(deadline)) {
            LOG.warn("embedded engine calls still running {} ms after exit began: leaving without library teardown",
                    (System.nanoTime() - started) / 1_000_000);
            System.out.flush();
            System.err.flush();
            immediateExit(EXIT_STATUS_TERMINATED);
        }
    }

    private static void immediateExit(int status) {
        try {
            Linker linker = Linker.nativeLinker();
            MethodHandle exit = linker.downcallHandle(linker.defaultLookup().find("_exit").orElseThrow(),
                    FunctionDescriptor.ofVoid(JAVA_INT));
            exit.invokeExact(status);
        } catch (Throwable e) {
            Runtime.getRuntime().halt(status);
        }
    }
}
