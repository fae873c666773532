package dev.tally.ingest;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ingest in a child JVM, SIGKILL it while a batch is in flight, start again on the same data directory:
 * every acknowledged event is there, none twice; retrying everything sent (the unacknowledged batch, and
 * the acknowledged ones too) stores each event exactly once.
 */
class DurabilityTest {
    private static final int KILL_AT_BATCH = 4;

    @Test
    void everyAcknowledgedEventSurvivesSigkillAndRetriesNeverDoubleCount() throws Exception {
        Path dataDir = Path.of("target", "durability-" + UUID.randomUUID()).toAbsolutePath();
        Process ingest = child("ingest", dataDir.toString());
        int acked = 0;
        int sent = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(ingest.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    acked = Integer.parseInt(line.substring(4)) + 1;
                } else if (line.startsWith("SEND ")) {
                    sent = Integer.parseInt(line.substring(5));
                    if (sent == KILL_AT_BATCH) {
                        ingest.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, no close.
                        break;
                    }
                }
            }
        }
        assertThat(ingest.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(acked).isEqualTo(KILL_AT_BATCH);

        Process recheck = child("recheck", dataDir.toString(), String.valueOf(acked), String.valueOf(sent));
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(recheck.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("BEFORE ") || line.startsWith("AFTER ")) {
                    lines.add(line);
                }
            }
        }
        assertThat(recheck.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(lines).hasSize(2);
        long[] before = numbers(lines.get(0));
        long[] after = numbers(lines.get(1));
        long ackedEvents = (long) acked * DurabilityChild.EVENTS_PER_BATCH;
        assertThat(before[0]).as("acknowledged events present after SIGKILL").isEqualTo(ackedEvents);
        assertThat(before[1]).as("rows equal distinct ids: none twice").isEqualTo(before[2]);
        long sentEvents = (long) (sent + 1) * DurabilityChild.EVENTS_PER_BATCH;
        assertThat(after[0]).as("after retrying all sent batches").isEqualTo(sentEvents);
        assertThat(after[1]).isEqualTo(sentEvents);
    }

    private static long[] numbers(String line) {
        String[] parts = line.split(" ");
        long[] numbers = new long[parts.length - 1];
        for (int i = 1; i < parts.length; i++) {
            numbers[i - 1] = Long.parseLong(parts[i]);
        }
        return numbers;
    }

    private static Process child(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                DurabilityChild.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }
}
