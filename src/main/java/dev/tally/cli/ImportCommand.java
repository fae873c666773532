package dev.tally.cli;

import com.fasterxml.jackson.databind.JsonNode;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code tally import FILE...}: each file sent as it is to the bulk import ({@code POST /api/v1/events/import},
 * NDJSON or CSV, gzip or zstd passed through with {@code Content-Encoding}), then followed
 * ({@code GET /api/v1/events/import/{id}}) until done, with a bar showing bytes, rows, rate, ETA and
 * rejected rows. The {@code Idempotency-Key} is the file's SHA-256, so importing a file again (after a
 * failure, or by mistake) writes nothing twice.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import NDJSON or CSV files (optionally gzip or zstd) through the bulk import, with a progress bar.")
final class ImportCommand implements Callable<Integer> {
    private static final Duration POLL = Duration.ofMillis(250);

    @Mixin
    Connection connection;
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "*.ndjson / *.jsonl / *.csv, optionally .gz or .zst")
    List<Path> files;

    @Option(names = "--format", paramLabel = "FORMAT", description = "ndjson or csv when the file name does not say.")
    String format;

    /** How a file is sent: its media type and its compression, if any. */
    record Encoding(String contentType, String contentEncoding) {
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        int failed = 0;
        try (TallyHttp http = new TallyHttp(connection.base())) {
            for (Path file : files) {
                if (!importFile(http, file)) {
                    failed++;
                }
            }
        }
        return failed == 0 ? 0 : CliException.SERVER_FAILED;
    }

    private boolean importFile(TallyHttp http, Path file) throws IOException, InterruptedException {
        if (!Files.isRegularFile(file)) {
            throw new CliException(CliException.LOCAL_IO, "cannot read " + file + ": no such file");
        }
        Encoding encoding = encoding(file, format);
        long size = Files.size(file);
        PrintWriter err = spec.commandLine().getErr();
        ProgressBar bar = Progress.bytes(file.getFileName().toString(), size, err);
        JsonNode status;
        try {
            AtomicLong sent = new AtomicLong();
            HttpRequest.Builder request = http.request("/api/v1/events/import", TallyHttp.Credential.API_KEY, connection.apiKey())
                    .header("Content-Type", encoding.contentType())
                    .header("Idempotency-Key", "file-" + sha256(file))
                    .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> counting(file, sent, bar)), size));
            if (encoding.contentEncoding() != null) {
                request.header("Content-Encoding", encoding.contentEncoding());
            }
            HttpResponse<String> started = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (started.statusCode() == 404) {
                throw new CliException(CliException.REFUSED, "this Tally has no bulk import (POST /api/v1/events/import answered 404): "
                        + "upgrade the server, or send NDJSON to /api/v1/events/batch");
            }
            if (started.statusCode() / 100 != 2) {
                throw TallyHttp.failure(started.statusCode(), started.body(), TallyHttp.Credential.API_KEY, request.build());
            }
            status = TallyHttp.parse(started.body());
            String id = status.path("id").asText();
            while (status.path("status").asText("running").equals("running")) {
                show(bar, status);
                Thread.sleep(POLL);
                status = http.json(http.request("/api/v1/events/import/" + ExportCommand.encode(id), TallyHttp.Credential.API_KEY,
                        connection.apiKey()).GET().build(), TallyHttp.Credential.API_KEY);
            }
            show(bar, status);
            bar.stepTo(size);
        } finally {
            Progress.finish(bar, err);
        }
        PrintWriter out = spec.commandLine().getOut();
        boolean done = status.path("status").asText().equals("done");
        out.println(file + "\t" + status.path("status").asText() + "\t" + status.path("rows_done").asLong() + " rows\t"
                + status.path("rows_rejected").asLong() + " rejected"
                + (status.path("error_report").isTextual() && !status.path("error_report").asText().isEmpty()
                ? "\treport " + status.path("error_report").asText() : ""));
        out.flush();
        if (!done) {
            err.println("tally: the import of " + file + " failed on the server (status " + status.path("status").asText()
                    + "); see its error report, fix the file and run the same command again (rows already imported are not imported twice)");
            err.flush();
        }
        return done;
    }

    private static void show(ProgressBar bar, JsonNode status) {
        if (status.has("bytes_read")) {
            bar.stepTo(Math.min(bar.getMax(), Math.max(bar.getCurrent(), status.path("bytes_read").asLong())));
        }
        long rate = status.path("rate_per_second").asLong(0);
        bar.setExtraMessage(String.format(Locale.ROOT, " rows %,d  %,d rows/s  rejected %,d",
                status.path("rows_done").asLong(), rate, status.path("rows_rejected").asLong()));
    }

    /** The media type from the name (or {@code --format}), the compression from the first bytes (gzip and zstd magic numbers). */
    static Encoding encoding(Path file, String format) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(4);
        }
        String compression = head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b ? "gzip"
                : head.length == 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f && (head[3] & 0xff) == 0xfd
                ? "zstd" : null;
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT).replaceFirst("\\.(gz|gzip|zst|zstd)$", "");
        String kind = format != null ? format.toLowerCase(Locale.ROOT)
                : name.endsWith(".csv") ? "csv" : name.endsWith(".ndjson") || name.endsWith(".jsonl") || name.endsWith(".json") ? "ndjson" : null;
        if (kind == null) {
            throw new CliException(CliException.USAGE, "cannot tell the format of " + file + " from its name: name it .ndjson or .csv, or pass --format");
        }
        return switch (kind) {
            case "csv" -> new Encoding("text/csv", compression);
            case "ndjson" -> new Encoding("application/x-ndjson", compression);
            default -> throw new CliException(CliException.USAGE, "--format must be ndjson or csv, got '" + format + "'");
        };
    }

    private static String sha256(Path file) throws IOException {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InputStream counting(Path file, AtomicLong sent, ProgressBar bar) {
        try {
            return new FilterInputStream(Files.newInputStream(file)) {
                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = super.read(buffer, offset, length);
                    if (n > 0) {
                        bar.stepTo(sent.addAndGet(n));
                    }
                    return n;
                }
            };
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
