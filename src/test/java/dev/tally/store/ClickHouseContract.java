package dev.tally.store;

import dev.tally.sql.Param;
import dev.tally.sql.Parameters;
import dev.tally.sql.Sql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every behaviour of the {@link ClickHouse} port. Each engine's subclass only says how to get the engine;
 * both must pass all of this. Tables get unique names so the suite reruns on a kept data directory.
 */
abstract class ClickHouseContract {

    /** The engine under test; the subclass owns its lifecycle. */
    protected abstract ClickHouse clickHouse();

    protected abstract String expectedEngine();

    static Stream<String> awkwardStrings() {
        return Stream.of(
                "plain",
                "",
                "it's",
                "double \" quote",
                "back\\slash and \\' mixed",
                "')) OR 1=1 --",
                "tab\there\nnewline\r\nCRLF",
                "nul\0byte",
                "unicode: ünïcödé ✓ 漢字 🚀",
                "{p1:String}",
                "x".repeat(10_000));
    }

    @Test
    void reportsEngineAndVersion() {
        assertThat(clickHouse().engine()).isEqualTo(expectedEngine());
        String version = clickHouse().query(Sql.of("SELECT version() AS v")).single().string("v");
        assertThat(clickHouse().version()).isEqualTo(version).matches("\\d+\\.\\d+.*");
    }

    @Test
    void createsInsertsQueriesAndDropsATable() {
        String table = uniqueTable("ddl");
        clickHouse().execute(Sql.of("CREATE TABLE " + table + " (id UInt32, name String) ENGINE = MergeTree ORDER BY id"));
        long written = clickHouse().insert(table, InputFormat.JSON_EACH_ROW, json("""
                {"id": 2, "name": "two"}
                {"id": 1, "name": "one"}
                """));
        assertThat(written).isEqualTo(2);

        Rows rows = clickHouse().query(Sql.of("SELECT id, name FROM " + table + " ORDER BY id"));
        assertThat(rows.columns()).containsExactly(new Column("id", "UInt32"), new Column("name", "String"));
        assertThat(rows.rows()).extracting(row -> row.longValue("id"), row -> row.string("name"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, "one"), org.assertj.core.groups.Tuple.tuple(2L, "two"));

        clickHouse().execute(Sql.of("DROP TABLE " + table));
        assertThat(clickHouse().query(Sql.of("SELECT count() AS n FROM system.tables WHERE name = '" + table + "'"))
                .single().longValue("n")).isZero();
    }

    @Test
    void typesEveryColumnKindWeUse() {
        Row row = clickHouse().query(Sql.of("""
                SELECT toUInt8(7) AS u8, toInt64(-5) AS i64, toUInt64('18446744073709551615') AS u64max,
                       toFloat64(1.5) AS f, toDecimal64(12.34, 2) AS d, 'text' AS s,
                       toLowCardinality('lc') AS lc, toDateTime64('2026-03-08 06:59:59.123', 3, 'UTC') AS ts,
                       toDate('2026-03-08') AS day, ['a', 'b'] AS arr, CAST(NULL AS Nullable(String)) AS missing,
                       true AS flag, toDateTime('2026-03-08 12:00:00', 'America/New_York') AS ny
                """)).single();
        assertThat(row.get("u8")).isEqualTo(7L);
        assertThat(row.get("i64")).isEqualTo(-5L);
        assertThat(row.get("u64max")).isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(row.get("f")).isEqualTo(1.5);
        assertThat(row.decimal("d")).isEqualByComparingTo(new BigDecimal("12.34"));
        assertThat(row.string("s")).isEqualTo("text");
        assertThat(row.string("lc")).isEqualTo("lc");
        assertThat(row.instant("ts")).isEqualTo(Instant.parse("2026-03-08T06:59:59.123Z"));
        assertThat(row.date("day")).isEqualTo(LocalDate.of(2026, 3, 8));
        assertThat(row.<String>list("arr")).containsExactly("a", "b");
        assertThat(row.get("missing")).isNull();
        assertThat(row.get("flag")).isEqualTo(true);
        // 12:00 in New York on 2026-03-08 is after the DST switch (EDT, UTC-4).
        assertThat(row.instant("ny")).isEqualTo(Instant.parse("2026-03-08T16:00:00Z"));
    }

    @ParameterizedTest
    @MethodSource("awkwardStrings")
    void stringParametersArriveAsPlainValues(String value) {
        Parameters parameters = new Parameters();
        String text = "SELECT " + parameters.bind(Param.string(value)) + " AS v, length(v) AS bytes";
        Row row = clickHouse().query(Sql.of(text, parameters)).single();
        assertThat(row.string("v")).isEqualTo(value);
        assertThat(row.longValue("bytes")).isEqualTo(value.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void arrayParametersArriveAsPlainValues() {
        List<String> values = awkwardStrings().toList();
        Parameters parameters = new Parameters();
        String text = "SELECT " + parameters.bind(Param.strings(values)) + " AS v";
        assertThat(clickHouse().query(Sql.of(text, parameters)).single().<String>list("v")).containsExactlyElementsOf(values);
    }

    @Test
    void arrayParameterFiltersRowsWithInAndNotIn() {
        Parameters parameters = new Parameters();
        String countries = parameters.bind(Param.strings(List.of("US", "GB")));
        String text = "SELECT countIf(c IN " + countries + ") AS included, countIf(c NOT IN " + countries + ") AS excluded"
                + " FROM (SELECT arrayJoin(['US', 'GB', 'DE', 'FR', 'US']) AS c)";
        Row row = clickHouse().query(Sql.of(text, parameters)).single();
        assertThat(row.longValue("included")).isEqualTo(3);
        assertThat(row.longValue("excluded")).isEqualTo(2);
    }

    @Test
    void numericTemporalAndBooleanParameters() {
        Parameters parameters = new Parameters();
        String text = "SELECT " + parameters.bind(Param.int64(Long.MIN_VALUE)) + " AS i64, "
                + parameters.bind(Param.uint64(Long.MAX_VALUE)) + " AS u64, "
                + parameters.bind(Param.uint32(4_294_967_295L)) + " AS u32, "
                + parameters.bind(Param.uint8(255)) + " AS u8, "
                + parameters.bind(Param.float64(-0.25)) + " AS f64, "
                + parameters.bind(Param.bool(true)) + " AS b, "
                + parameters.bind(Param.dateTime64(Instant.parse("2026-11-01T05:30:00.250Z"))) + " AS ts, "
                + parameters.bind(Param.date(LocalDate.of(2024, 2, 29))) + " AS day";
        Row row = clickHouse().query(Sql.of(text, parameters)).single();
        assertThat(row.get("i64")).isEqualTo(Long.MIN_VALUE);
        assertThat(row.get("u64")).isEqualTo(Long.MAX_VALUE);
        assertThat(row.get("u32")).isEqualTo(4_294_967_295L);
        assertThat(row.get("u8")).isEqualTo(255L);
        assertThat(row.get("f64")).isEqualTo(-0.25);
        assertThat(row.get("b")).isEqualTo(true);
        assertThat(row.instant("ts")).isEqualTo(Instant.parse("2026-11-01T05:30:00.250Z"));
        assertThat(row.date("day")).isEqualTo(LocalDate.of(2024, 2, 29));
    }

    @Test
    void timeZoneParameterBucketsAcrossDaylightSavingChanges() {
        // Hourly events over New York's 2026 spring-forward (Mar 8) and fall-back (Nov 1) days.
        Parameters parameters = new Parameters();
        String zone = parameters.bind(Param.string("America/New_York"));
        String text = "SELECT toDate(ts, " + zone + ") AS day, count() AS events,"
                + " min(toStartOfDay(ts, " + zone + ")) AS day_start"
                + " FROM (SELECT toDateTime64('2026-03-08 05:00:00', 3, 'UTC') + toIntervalHour(number) AS ts FROM numbers(24)"
                + " UNION ALL SELECT toDateTime64('2026-11-01 04:00:00', 3, 'UTC') + toIntervalHour(number) AS ts FROM numbers(25))"
                + " GROUP BY day ORDER BY day";
        Rows rows = clickHouse().query(Sql.of(text, parameters));
        assertThat(rows.rows()).extracting(row -> row.date("day"), row -> row.longValue("events"), row -> row.instant("day_start"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(LocalDate.of(2026, 3, 8), 23L, Instant.parse("2026-03-08T05:00:00Z")),
                        org.assertj.core.groups.Tuple.tuple(LocalDate.of(2026, 3, 9), 1L, Instant.parse("2026-03-09T04:00:00Z")),
                        org.assertj.core.groups.Tuple.tuple(LocalDate.of(2026, 11, 1), 25L, Instant.parse("2026-11-01T04:00:00Z")));
    }

    @Test
    void syntaxErrorCarriesClickHouseCode() {
        assertThatThrownBy(() -> clickHouse().query(Sql.of("SELEC 1")))
                .isInstanceOf(StoreException.class)
                .satisfies(e -> assertThat(((StoreException) e).code()).isEqualTo(62));
    }

    @Test
    void unknownTableCarriesClickHouseCode() {
        assertThatThrownBy(() -> clickHouse().query(Sql.of("SELECT * FROM no_such_table_" + suffix())))
                .isInstanceOf(StoreException.class)
                .satisfies(e -> assertThat(((StoreException) e).code()).isEqualTo(60));
    }

    @Test
    void badInsertDataIsAnErrorWithACode() {
        String table = uniqueTable("badinsert");
        clickHouse().execute(Sql.of("CREATE TABLE " + table + " (id UInt32) ENGINE = MergeTree ORDER BY id"));
        assertThatThrownBy(() -> clickHouse().insert(table, InputFormat.JSON_EACH_ROW, json("{\"id\": \"not a number\"}\n")))
                .isInstanceOf(StoreException.class)
                .satisfies(e -> assertThat(((StoreException) e).code()).isPositive());
        assertThat(count(table)).isZero();
        clickHouse().execute(Sql.of("DROP TABLE " + table));
    }

    @Test
    void engineStaysUsableAfterErrors() {
        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(() -> clickHouse().query(Sql.of("SELECT throwIf(1, 'boom')"))).isInstanceOf(StoreException.class);
        }
        for (int i = 0; i < 8; i++) {
            assertThat(clickHouse().query(Sql.of("SELECT 41 + 1 AS answer")).single().longValue("answer")).isEqualTo(42);
        }
    }

    @Test
    void aFailedStatementLeavesNothingBehindForTheNextOne() {
        // A failure after the header was written must not leak that header into the next result.
        for (int i = 0; i < 8; i++) {
            assertThatThrownBy(() -> clickHouse().query(Sql.of("SELECT throwIf(number = 3, 'late') AS t FROM numbers(5)")))
                    .isInstanceOf(StoreException.class);
            Rows rows = clickHouse().query(Sql.of("SELECT 'fresh' AS state"));
            assertThat(rows.columns()).containsExactly(new Column("state", "String"));
            assertThat(rows.single().string("state")).isEqualTo("fresh");
        }
    }

    @Test
    void streamsAMillionRowsAsCsvWithBoundedHeap() {
        long rows = 2_000_000;
        HeapWatchingCounter out = new HeapWatchingCounter();
        long written = clickHouse().stream(
                Sql.of("SELECT number, toString(number * 7919) AS label, repeat('x', 32) AS pad FROM numbers(2000000)"),
                OutputFormat.CSV, out);
        assertThat(written).isEqualTo(out.bytes);
        assertThat(out.lines).isEqualTo(rows + 1); // header line, then one per row
        assertThat(out.bytes).isGreaterThan(80L * 1024 * 1024);
        // Holding the result would need the whole ~90 MB in the heap; streaming needs a few chunks.
        assertThat(out.peakHeapGrowth()).isLessThan(48L * 1024 * 1024);
    }

    @Test
    void aLargeParquetExportIsOneWholeFile() {
        ByteArrayOutputStream parquet = new ByteArrayOutputStream();
        long written = clickHouse().stream(Sql.of("SELECT number AS n, number * 2 AS twice FROM numbers(3000000)"),
                OutputFormat.PARQUET, parquet);
        byte[] bytes = parquet.toByteArray();
        assertThat(written).isEqualTo(bytes.length);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        // One file: the magic number opens and closes it and appears nowhere else.
        assertThat(text).startsWith("PAR1").endsWith("PAR1");
        assertThat(text.indexOf("PAR1", 4)).isEqualTo(bytes.length - 4);
    }

    @Test
    void csvAndTsvHeadersAppearOnceAheadOfAllRows() {
        Sql sql = Sql.of("SELECT number AS n, 'a,b' AS text FROM numbers(300000)");
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        clickHouse().stream(sql, OutputFormat.CSV, csv);
        List<String> lines = csv.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(300_001);
        assertThat(lines.getFirst()).isEqualTo("\"n\",\"text\"");
        assertThat(lines.get(1)).isEqualTo("0,\"a,b\"");
        assertThat(lines.stream().filter(line -> line.startsWith("\"n\"")).count()).isEqualTo(1);

        ByteArrayOutputStream tsv = new ByteArrayOutputStream();
        clickHouse().stream(Sql.of("SELECT number AS n FROM numbers(0)"), OutputFormat.TSV, tsv);
        assertThat(tsv.toString(StandardCharsets.UTF_8)).isEqualTo("n\n");
    }

    @Test
    void streamsParquetAndNdjson() {
        Sql sql = Sql.of("SELECT number AS n FROM numbers(1000)");
        ByteArrayOutputStream parquet = new ByteArrayOutputStream();
        clickHouse().stream(sql, OutputFormat.PARQUET, parquet);
        byte[] bytes = parquet.toByteArray();
        assertThat(new String(bytes, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("PAR1");
        assertThat(new String(bytes, bytes.length - 4, 4, StandardCharsets.US_ASCII)).isEqualTo("PAR1");

        ByteArrayOutputStream ndjson = new ByteArrayOutputStream();
        clickHouse().stream(sql, OutputFormat.NDJSON, ndjson);
        List<String> lines = ndjson.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(1000).startsWith("{\"n\":0}").endsWith("{\"n\":999}");
    }

    @Test
    void streamingErrorsSurfaceAsStoreExceptions() {
        assertThatThrownBy(() -> clickHouse().stream(Sql.of("SELECT * FROM no_such_table_" + suffix()),
                OutputFormat.CSV, OutputStream.nullOutputStream()))
                .isInstanceOf(StoreException.class)
                .satisfies(e -> assertThat(((StoreException) e).code()).isEqualTo(60));
    }

    @Test
    void insertsAMillionRowsFromAStream() {
        String table = uniqueTable("bulk");
        clickHouse().execute(Sql.of("CREATE TABLE " + table + " (id UInt64, label String) ENGINE = MergeTree ORDER BY id"));
        long rows = 1_000_000;
        long written = clickHouse().insert(table, InputFormat.JSON_EACH_ROW, new GeneratedRows(rows));
        assertThat(written).isEqualTo(rows);
        Row summary = clickHouse().query(Sql.of("SELECT count() AS n, sum(id) AS total, uniqExact(label) AS labels FROM " + table)).single();
        assertThat(summary.longValue("n")).isEqualTo(rows);
        assertThat(summary.longValue("total")).isEqualTo(rows * (rows - 1) / 2);
        assertThat(summary.longValue("labels")).isEqualTo(rows);
        clickHouse().execute(Sql.of("DROP TABLE " + table));
    }

    @Test
    void concurrentParameterisedQueriesEachGetTheirOwnAnswer() throws Exception {
        int threads = 8;
        int perThread = 50;
        AtomicInteger wrong = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        String tag = "t" + thread + "-" + i;
                        long n = thread * 1000L + i;
                        Parameters parameters = new Parameters();
                        String text = "SELECT " + parameters.bind(Param.string(tag)) + " AS tag, "
                                + parameters.bind(Param.uint64(n)) + " * 2 AS doubled, sleep(0.001) AS pause";
                        Row row = clickHouse().query(Sql.of(text, parameters)).single();
                        if (!tag.equals(row.string("tag")) || row.longValue("doubled") != n * 2) {
                            wrong.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
        assertThat(wrong.get()).isZero();
    }

    @Test
    void queriesAndStreamsRunFromVirtualThreads() throws Exception {
        try (ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Long>> answers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                long n = i;
                answers.add(virtual.submit(() -> {
                    Parameters parameters = new Parameters();
                    String text = "SELECT " + parameters.bind(Param.uint64(n)) + " + 1 AS next";
                    return clickHouse().query(Sql.of(text, parameters)).single().longValue("next");
                }));
            }
            Future<Long> streamed = virtual.submit(() -> clickHouse().stream(
                    Sql.of("SELECT number FROM numbers(100000)"), OutputFormat.TSV, OutputStream.nullOutputStream()));
            for (int i = 0; i < answers.size(); i++) {
                assertThat(answers.get(i).get()).isEqualTo(i + 1L);
            }
            assertThat(streamed.get()).isPositive();
        }
    }

    protected long count(String table) {
        return clickHouse().query(Sql.of("SELECT count() AS n FROM " + table)).single().longValue("n");
    }

    protected static String uniqueTable(String purpose) {
        return "contract_" + purpose + "_" + suffix();
    }

    private static String suffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static InputStream json(String lines) {
        return new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8));
    }

    /** Counts bytes and lines written, sampling heap use as it goes. */
    private static final class HeapWatchingCounter extends OutputStream {
        private final Runtime runtime = Runtime.getRuntime();
        private final long baseline;
        private long peak;
        long bytes;
        long lines;
        private long bytesSinceSample;

        HeapWatchingCounter() {
            System.gc();
            baseline = runtime.totalMemory() - runtime.freeMemory();
            peak = baseline;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) {
            bytes += length;
            for (int i = offset; i < offset + length; i++) {
                if (buffer[i] == '\n') {
                    lines++;
                }
            }
            bytesSinceSample += length;
            if (bytesSinceSample >= 8L * 1024 * 1024) {
                bytesSinceSample = 0;
                System.gc();
                peak = Math.max(peak, runtime.totalMemory() - runtime.freeMemory());
            }
        }

        long peakHeapGrowth() {
            return peak - baseline;
        }
    }

    /** JSONEachRow rows produced on demand, so the test holds none of them. */
    private static final class GeneratedRows extends InputStream {
        private final long rows;
        private long next;
        private byte[] current = new byte[0];
        private int position;

        GeneratedRows(long rows) {
            this.rows = rows;
        }

        @Override
        public int read() {
            if (position == current.length && !advance()) {
                return -1;
            }
            return current[position++] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            int copied = 0;
            while (copied < length) {
                if (position == current.length && !advance()) {
                    break;
                }
                int piece = Math.min(length - copied, current.length - position);
                System.arraycopy(current, position, buffer, offset + copied, piece);
                position += piece;
                copied += piece;
            }
            return copied == 0 ? -1 : copied;
        }

        private boolean advance() {
            if (next == rows) {
                return false;
            }
            current = ("{\"id\":" + next + ",\"label\":\"row-" + next + "\"}\n").getBytes(StandardCharsets.UTF_8);
            position = 0;
            next++;
            return true;
        }
    }
}
