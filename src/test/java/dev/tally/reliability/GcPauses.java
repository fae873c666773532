package dev.tally.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stop-the-world pauses of a JVM run with {@code -Xlog:gc:file=…}: G1 writes one line per pause
 * ({@code [12.345s][info][gc] GC(7) Pause Young (Normal) (G1 Evacuation Pause) 310M->42M(1024M) 8.123ms}),
 * so whether a latency spike was the collector is read off the log rather than guessed.
 */
record GcPauses(long count, double longestMillis, double totalMillis) {
    private static final Pattern PAUSE = Pattern.compile("\\bPause\\b.*?(\\d+(?:\\.\\d+)?)ms\\s*$");

    static GcPauses of(Path log) throws IOException {
        return Files.exists(log) ? of(Files.readAllLines(log)) : new GcPauses(0, 0, 0);
    }

    static GcPauses of(List<String> lines) {
        long count = 0;
        double longest = 0;
        double total = 0;
        for (String line : lines) {
            Matcher pause = PAUSE.matcher(line);
            if (pause.find()) {
                double millis = Double.parseDouble(pause.group(1));
                count++;
                longest = Math.max(longest, millis);
                total += millis;
            }
        }
        return new GcPauses(count, longest, total);
    }
}
