package dev.tally.cli;

import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintWriter;

/** The CLI's progress bars (me.tongfei:progressbar), drawn on the command's error stream so stdout stays data. */
final class Progress {
    private Progress() {
    }

    /** A bar counting bytes in MiB; {@code totalBytes} -1 when unknown (then it shows progress without an end). */
    static ProgressBar bytes(String task, long totalBytes, PrintWriter err) {
        return new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(totalBytes)
                .setUnit(" MiB", 1024 * 1024)
                .showSpeed()
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .setConsumer(new DelegatingProgressBarConsumer(line -> {
                    err.print('\r' + line);
                    err.flush();
                }, 110))
                .build();
    }

    /** Closes the bar (drawing its last state) and ends its line. */
    static void finish(ProgressBar bar, PrintWriter err) {
        bar.close();
        err.println();
        err.flush();
    }
}
