package dev.tally.ingest;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, defect 3: kill -9 an ingesting child JVM at random moments of a batch (parsing, the insert into
 * {@code events}, the views' inserts into the rollups), restart it on the same data directory, and prove
 * that every rollup equals raw, per bucket (counts, amounts, unique visitors where carried), both right
 * after the restart and after the client retried the batch it never got an answer for.
 * {@code -Dtally.crash-rounds=N} runs more rounds (3 by default, to keep the suite fast).
 */
class RollupCrashTest {
    private static final int ROUNDS = Integer.getInteger("tally.crash-rounds", 3);

    @Test
    void everyRollupEqualsRawAfterKillNineAtRandomPointsOfAnInsert() throws Exception {
        Path dataDir = Path.of("target", "rollup-crash-" + UUID.randomUUID()).toAbsolutePath();
        long seed = Long.getLong("tally.crash-seed", System.nanoTime());
        Random random = new Random(seed);
        int nextBatch = 0;
        for (int round = 0; round < ROUNDS; round++) {
            int killAfter = nextBatch + 1 + random.nextInt(3);
            Process ingest = child("ingest", dataDir.toString(), String.valueOf(nextBatch));
            long lastBatchMillis = 0;
            try (BufferedReader out = reader(ingest)) {
                String line;
                while ((line = out.readLine()) != null) {
                    String[] parts = line.split(" ");
                    if (parts[0].equals("ACK")) {
                        lastBatchMillis = Long.parseLong(parts[2]);
                    } else if (parts[0].equals("SEND") && Integer.parseInt(parts[1]) == killAfter) {
                        // Anywhere in the batch, biased to its second half, where the inserts run.
                        long delay = (long) (lastBatchMillis * (0.2 + 0.8 * random.nextDouble()));
                        Thread.sleep(delay);
                        ingest.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, no close.
                        System.out.printf("round %d (seed %d): killed %d ms into batch %d (the one before took %d ms)%n",
                                round, seed, delay, killAfter, lastBatchMillis);
                        break;
                    }
                }
            }
            assertThat(ingest.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(lastBatchMillis).as("the child acknowledged batches before the kill (seed %d)", seed).isPositive();
            // The child may have gone on to later batches while this thread slept: the client retries a few.
            int sent = killAfter + 3;

            Process verify = child("verify", dataDir.toString(), String.valueOf(killAfter), String.valueOf(sent));
            List<String> lines = new ArrayList<>();
            try (BufferedReader out = reader(verify)) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                }
            }
            assertThat(verify.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(lines).as("the catalog's rollups are the ones this test checks")
                    .contains("ROLLUPS " + String.join(",", RollupCrashChild.ROLLUPS.keySet()));
            List<String> differences = lines.stream().filter(line -> line.contains("DIFF ")).toList();
            assertThat(differences).hasSize(2 * RollupCrashChild.ROLLUPS.size());
            assertThat(differences).as("round %d (seed %d): buckets where a rollup differs from raw", round, seed)
                    .allMatch(line -> line.endsWith(" 0"));
            assertThat(lines).as("every event sent is stored once after the retry")
                    .contains("RAW " + (long) (sent + 1) * RollupCrashChild.EVENTS_PER_BATCH);
            nextBatch = sent + 1;
        }
    }

    private static BufferedReader reader(Process process) {
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    private static Process child(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                RollupCrashChild.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }
}
