package dev.tally.cli;

import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code tally export}: one incremental pull ({@code GET /api/v1/events/export?after=…}, ADR 0071) of every
 * event ingested since the cursor, written as one file into a partition of {@code DIR} named by the
 * pull's ingestion date; the next cursor is remembered in {@code DIR/.tally-cursor}, so running it again
 * pulls only what arrived since. The file and then the cursor are moved into place, so an interrupted
 * pull leaves the directory as it was and is simply repeated.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Pull the events ingested since the last pull into DIR (partitioned files; the cursor is kept in DIR/.tally-cursor).")
final class ExportCommand implements Callable<Integer> {
    static final String CURSOR_FILE = ".tally-cursor";

    @Mixin
    Connection connection;
    @Spec
    CommandSpec spec;

    @Option(names = "--format", defaultValue = "parquet", paramLabel = "FORMAT",
            description = "parquet, csv, tsv, ndjson or arrow (default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--after", paramLabel = "CURSOR",
            description = "Pull what was ingested after this cursor (0 = everything); default: the cursor remembered in DIR, else 0.")
    String after;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The directory the files and the cursor go to.")
    Path out;

    @Option(names = "--filter", paramLabel = "NAME=VALUE", description = "An events filter, e.g. --filter country=-US,GB (repeatable).")
    Map<String, String> filters = new LinkedHashMap<>();

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        Path cursorFile = out.resolve(CURSOR_FILE);
        String from = after != null ? after : Files.exists(cursorFile) ? Files.readString(cursorFile).strip() : "0";
        StringBuilder query = new StringBuilder("/api/v1/events/export?format=").append(encode(format)).append("&after=").append(encode(from));
        filters.forEach((name, value) -> query.append('&').append(encode(name)).append('=').append(encode(value)));
        try (TallyHttp http = new TallyHttp(connection.base())) {
            var request = http.request(query.toString(), TallyHttp.Credential.API_KEY, connection.apiKey()).GET().build();
            HttpResponse<InputStream> response = http.stream(request, TallyHttp.Credential.API_KEY);
            String next = response.headers().firstValue("X-Tally-Next-Cursor").orElseThrow(() -> new CliException(CliException.SERVER_FAILED,
                    "the server sent no X-Tally-Next-Cursor: is it a Tally with incremental export?"));
            Instant until = response.headers().firstValue("X-Tally-Until").map(Instant::parse).orElseGet(Instant::now);
            Files.createDirectories(out);
            Path partial = Files.createTempFile(out, ".pull-", ".partial");
            long bytes;
            try {
                bytes = download(response.body(), partial, err);
                Path partition = out.resolve("ingested_date=" + until.atOffset(ZoneOffset.UTC).toLocalDate());
                Files.createDirectories(partition);
                // The name carries the window's start: a pull repeated from the same cursor (the last run died
                // between moving its file and its cursor) replaces that run's file instead of adding a second copy.
                String suffix = "-" + token(from) + "." + extension(format);
                Path file = partition.resolve("events-" + until.toEpochMilli() + suffix);
                removeEarlierCopies(suffix);
                move(partial, file);
                Path cursorPartial = Files.writeString(Files.createTempFile(out, ".cursor-", ".partial"), next + "\n");
                move(cursorPartial, cursorFile);
                spec.commandLine().getOut().println(out.relativize(file) + "\t" + bytes + " bytes\tnext cursor " + next);
                spec.commandLine().getOut().flush();
            } finally {
                Files.deleteIfExists(partial);
            }
        }
        return 0;
    }

    private static long download(InputStream body, Path target, PrintWriter err) throws IOException {
        ProgressBar bar = Progress.bytes("export", -1, err);
        long total = 0;
        try (InputStream in = body; OutputStream file = Files.newOutputStream(target)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                file.write(buffer, 0, n);
                total += n;
                bar.stepTo(total);
            }
        } finally {
            bar.maxHint(total);
            Progress.finish(bar, err);
        }
        return total;
    }

    private void removeEarlierCopies(String suffix) throws IOException {
        try (var partitions = Files.newDirectoryStream(out, "ingested_date=*")) {
            for (Path partition : partitions) {
                try (var copies = Files.newDirectoryStream(partition, "events-*" + suffix)) {
                    for (Path copy : copies) {
                        Files.delete(copy);
                    }
                }
            }
        }
    }

    /** A short file-name-safe token of a cursor. */
    private static String token(String cursor) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(cursor.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(hash, 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String extension(String format) {
        return format.equals("arrow") ? "arrows" : format;
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
