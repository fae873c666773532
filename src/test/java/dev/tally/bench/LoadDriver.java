package dev.tally.bench;

import dev.tally.support.ChildProcesses;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The external load client of {@link IngestPipelineBench}, started as its own JVM so that the client's
 * work is not counted in Tally's process. Prints one {@code RESULT events=<n> seconds=<s> p50=<ms> p99=<ms>} line.
 * <ul>
 *   <li>{@code batch <base> <key> <file> <clients> <posts per client>}: NDJSON batches, every post must answer 200;</li>
 *   <li>{@code track <base> <key> <file> <connections> <events per connection>}: one event per {@code POST /api/v1/track/view}
 *       (the file's lines are the bodies), each answered once durable (from the track journal, ADR 0170);</li>
 *   <li>{@code import <base> <key> <file> <events in file>}: one gzip NDJSON import, polled to its end.</li>
 * </ul>
 */
public final class LoadDriver {
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"(\\w+)\"");
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    private LoadDriver() {
    }

    /**
     * Runs the driver with {@code args} in its own JVM (so its work is not counted in the caller's process)
     * and answers its {@code RESULT} line's figures by name: {@code events}, {@code seconds}, {@code p50}, {@code p99}.
     */
    static Map<String, Double> inOwnJvm(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ChildProcesses.java(), "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                LoadDriver.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String result = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("RESULT ")) {
                    result = line;
                }
            }
        }
        if (process.waitFor() != 0 || result == null) {
            throw new IllegalStateException("load driver " + args[0] + " failed");
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (String part : result.substring("RESULT ".length()).split(" ")) {
            String[] pair = part.split("=");
            values.put(pair[0], Double.parseDouble(pair[1]));
        }
        return values;
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        URI base = URI.create(args[1]);
        String key = args[2];
        byte[] file = Files.readAllBytes(Path.of(args[3]));
        switch (mode) {
            case "batch" -> run(base.resolve("/api/v1/events/batch"), key, List.of(file), Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]), lines(file), "application/x-ndjson");
            case "track" -> {
                List<byte[]> events = new ArrayList<>();
                for (String line : new String(file, java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                    events.add(line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                run(base.resolve("/api/v1/track/view"), key, events, Integer.parseInt(args[4]), Integer.parseInt(args[5]), 1,
                        "application/json");
            }
            case "import" -> importFile(base, key, file, Long.parseLong(args[4]));
            default -> throw new IllegalArgumentException(mode);
        }
        System.exit(0);
    }

    private static void run(URI uri, String key, List<byte[]> bodies, int clients, int postsPerClient, long eventsPerPost,
                            String contentType) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long[][] latencies = new long[clients][postsPerClient];
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < postsPerClient; i++) {
                        byte[] body = bodies.get((client * postsPerClient + i) % bodies.size());
                        long sent = System.nanoTime();
                        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).header("Content-Type", contentType)
                                .header("Authorization", "Bearer " + key).timeout(Duration.ofMinutes(5))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
                        latencies[client][i] = System.nanoTime() - sent;
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException(uri + " answered " + response.statusCode() + ": " + response.body());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        print((long) clients * postsPerClient * eventsPerPost, seconds, all);
    }

    private static void importFile(URI base, String key, byte[] file, long events) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long start = System.nanoTime();
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/events/import"))
                .header("Content-Type", "application/x-ndjson").header("Content-Encoding", "gzip")
                .header("Authorization", "Bearer " + key).header("Idempotency-Key", "bench-" + System.nanoTime())
                .POST(HttpRequest.BodyPublishers.ofByteArray(file)).build(), HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 202) {
            throw new IllegalStateException("import answered " + started.statusCode() + ": " + started.body());
        }
        String id = group(ID, started.body());
        String status;
        do {
            Thread.sleep(100);
            status = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/events/import/" + id))
                    .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString()).body();
        } while ("running".equals(group(STATUS, status)));
        if (!"done".equals(group(STATUS, status)) || !status.contains("\"rows_done\":" + events)) {
            throw new IllegalStateException("import ended as " + status);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        print(events, seconds, new long[]{(long) (seconds * 1e9)});
    }

    private static void print(long events, double seconds, long[] sortedNanos) {
        double p50 = sortedNanos[(int) Math.min(sortedNanos.length - 1, Math.ceil(0.50 * sortedNanos.length) - 1)] / 1e6;
        double p99 = sortedNanos[(int) Math.min(sortedNanos.length - 1, Math.max(0, Math.ceil(0.99 * sortedNanos.length) - 1))] / 1e6;
        System.out.printf(Locale.ROOT, "RESULT events=%d seconds=%.3f p50=%.2f p99=%.2f%n", events, seconds, p50, p99);
    }

    private static long lines(byte[] file) {
        long lines = 0;
        for (byte b : file) {
            if (b == '\n') {
                lines++;
            }
        }
        return lines;
    }

    private static String group(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException("unexpected answer: " + text);
        }
        return matcher.group(1);
    }
}
