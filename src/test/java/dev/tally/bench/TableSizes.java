package dev.tally.bench;

import dev.tally.sql.Sql;
import dev.tally.store.ClickHouse;
import dev.tally.store.Row;

import java.util.Locale;

/** Rows and compressed size of every table in Tally's database, and each one's ratio to the raw events. */
final class TableSizes {
    private TableSizes() {
    }

    static void report(ClickHouse clickHouse, Report report) {
        var rows = clickHouse.query(Sql.of("""
                SELECT table, sum(rows) AS row_count, sum(data_compressed_bytes) AS bytes
                FROM system.parts WHERE active AND database = currentDatabase()
                GROUP BY table ORDER BY row_count DESC""")).rows();
        long eventRows = rows.stream().filter(row -> row.string("table").equals("events"))
                .mapToLong(row -> row.longValue("row_count")).findFirst().orElse(0);
        for (Row row : rows) {
            long count = row.longValue("row_count");
            report.note(String.format(Locale.ROOT, "table `%s`: %,d rows, %.1f MB compressed%s", row.string("table"), count,
                    row.longValue("bytes") / 1e6,
                    count > 0 && eventRows > 0 && !row.string("table").equals("events")
                            ? String.format(Locale.ROOT, " (%.1f× fewer rows than events)", eventRows / (double) count) : ""));
        }
    }
}
