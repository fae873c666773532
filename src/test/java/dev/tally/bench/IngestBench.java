package dev.tally.bench;

import dev.tally.auth.ApiKeys;
import dev.tally.auth.Plan;
import dev.tally.auth.Scope;
import dev.tally.auth.Workspace;
import dev.tally.auth.Workspaces;
import dev.tally.links.Link;
import dev.tally.links.LinkChanges;
import dev.tally.links.LinkService;
import dev.tally.store.ClickHouse;
import dev.tally.store.InputFormat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Bulk ingest through HTTP ({@code POST /api/v1/events/batch}, enrichment on) at 1 and 4 concurrent
 * clients, against a bare {@code INSERT … FORMAT JSONEachRow} of the same enriched rows on the same
 * engine; and the redirect's latency. Requests carry a real API key (rate limit raised for the run). {@code main} prints the figures; {@link BenchMain} also runs it.
 */
final class IngestBench {
    private static final String[] USER_AGENTS = {
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
            "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0",
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36 Edg/119.0.0.0"};
    private static final String[] REFERERS = {"", "https://www.google.com/", "https://twitter.com/x/status/1",
            "https://news.ycombinator.com/item?id=1", "https://www.facebook.com/"};

    private final Path workDir;
    private final Report report;
    private final int eventsPerBatch;
    private final int batches;

    IngestBench(Path workDir, Report report, int eventsPerBatch, int batches) {
        this.workDir = workDir;
        this.report = report;
        this.eventsPerBatch = eventsPerBatch;
        this.batches = batches;
    }

    public static void main(String[] args) throws Exception {
        Path workDir = Path.of("target", "bench");
        BenchMain.deleteRecursively(workDir.resolve("ingest-data"));
        java.nio.file.Files.createDirectories(workDir);
        new IngestBench(workDir, new Report(), 50_000, 8).run();
        System.exit(0);
    }

    void run() throws Exception {
        try (AppUnderBench app = new AppUnderBench(workDir.resolve("ingest-data"), Map.of(
                "tally.rate-limit.limit", 1_000_000_000))) {
            Workspace workspace = app.context().getBean(Workspaces.class)
                    .create("ingest bench", null, Plan.ENTERPRISE, ZoneOffset.UTC).workspace();
            String apiKey = app.context().getBean(ApiKeys.class).issue(workspace.id(), "bench", Set.of(Scope.EVENTS_WRITE)).secret();
            List<Link> links = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                links.add(app.context().getBean(LinkService.class).create(workspace, new LinkChanges(
                        "https://shop.example.com/p/" + i + "?utm_source=bench&utm_medium=email&utm_campaign=c" + (i % 5),
                        null, null, null, List.of("tag" + (i % 3)), null, null, null, null, null)));
            }
            byte[] batch = ndjson(links, eventsPerBatch, new Random(7));
            ClickHouse clickHouse = app.clickHouse();
            URI uri = app.baseUri().resolve("/api/v1/events/batch");
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

            post(http, uri, apiKey, batch); // warm-up
            // The bare insert gets exactly the rows Tally stored for the warm-up batch: the same enriched rows.
            byte[] bareRows = IngestPipelineBench.storedRows(clickHouse, workspace.id(), eventsPerBatch);
            clickHouse.insert("events", InputFormat.JSON_EACH_ROW, new ByteArrayInputStream(bareRows));

            Stats bare = Stats.time(1, batches, () -> clickHouse.insert("events", InputFormat.JSON_EACH_ROW,
                    new ByteArrayInputStream(bareRows)));
            double bareRate = eventsPerBatch / (bare.medianMillis() / 1000);
            Stats one = Stats.time(1, batches, () -> post(http, uri, apiKey, batch));
            double oneRate = eventsPerBatch / (one.medianMillis() / 1000);
            double fourRate = concurrentRate(http, uri, apiKey, batch, 4);
            report.row("ingest", String.format(Locale.ROOT, "bulk NDJSON batch of %,d events over HTTP, enrichment on, 1 client", eventsPerBatch),
                    one, bare.medianMillis(), "bare INSERT FORMAT JSONEachRow of the same enriched rows");
            report.note(String.format(Locale.ROOT, "bulk ingest: %,.0f events/s with 1 client, %,.0f events/s with 4 concurrent clients;"
                            + " bare insert of the same rows %,.0f events/s; ratio %.2f (1 client) and %.2f (4 clients) of bare",
                    oneRate, fourRate, bareRate, oneRate / bareRate, fourRate / bareRate));
            redirect(app, links.getFirst());
        }
    }

    private double concurrentRate(HttpClient http, URI uri, String apiKey, byte[] batch, int clients) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            for (int round = 0; round < 2; round++) { // the first round warms up
                long start = System.nanoTime();
                List<Future<?>> futures = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    futures.add(pool.submit(() -> {
                        for (int i = 0; i < batches / 2; i++) {
                            post(http, uri, apiKey, batch);
                        }
                    }));
                }
                for (Future<?> future : futures) {
                    future.get();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                if (round == 1) {
                    return (double) clients * (batches / 2) * eventsPerBatch / seconds;
                }
            }
        }
        throw new IllegalStateException();
    }

    private void redirect(AppUnderBench app, Link link) throws IOException {
        URI base = app.baseUri();
        byte[] request = ("GET /" + link.key() + " HTTP/1.1\r\nHost: " + link.domain() + "\r\nUser-Agent: " + USER_AGENTS[0]
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            Stats stats = Stats.time(2_000, 10_000, () -> {
                try {
                    out.write(request);
                    out.flush();
                    readResponse(in);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            report.row("redirect", "GET /{key} on a short domain → 302, click queued (raw keep-alive socket)", stats, null, null);
        }
    }

    // Reads one response's head and its (empty or Content-Length) body.
    private static void readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            head.append((char) b);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        if (!head.toString().startsWith("HTTP/1.1 302")) {
            throw new IllegalStateException("unexpected redirect answer: " + head);
        }
        String lower = head.toString().toLowerCase(Locale.ROOT);
        int at = lower.indexOf("content-length:");
        if (at >= 0) {
            int length = Integer.parseInt(lower.substring(at + 15, lower.indexOf("\r\n", at)).strip());
            in.readNBytes(length);
        }
    }

    private static void post(HttpClient http, URI uri, String apiKey, byte[] body) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-ndjson")
                    .header("Authorization", "Bearer " + apiKey)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("batch answered " + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The rows Tally writes for {@code batch}, encoded as it encodes them: what the bare insert inserts. */
    static byte[] ndjson(List<Link> links, int events, Random random) {
        StringBuilder out = new StringBuilder(events * 400);
        Instant start = Instant.parse("2026-06-01T00:00:00Z");
        for (int i = 0; i < events; i++) {
            Link link = links.get(random.nextInt(links.size()));
            String referer = REFERERS[random.nextInt(REFERERS.length)];
            out.append("{\"event\":\"click\",\"link_id\":\"").append(link.id())
                    .append("\",\"timestamp\":\"").append(start.plusMillis(random.nextInt(86_400_000)))
                    .append("\",\"ip\":\"").append(1 + random.nextInt(223)).append('.').append(random.nextInt(256)).append('.')
                    .append(random.nextInt(256)).append('.').append(1 + random.nextInt(254))
                    .append("\",\"user_agent\":\"").append(USER_AGENTS[random.nextInt(USER_AGENTS.length)]).append('"');
            if (!referer.isEmpty()) {
                out.append(",\"referer\":\"").append(referer).append('"');
            }
            out.append("}\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
