package dev.tally.runner;

import dev.tally.store.Row;
import dev.tally.store.Rows;

import java.util.List;

/** Listed rows (an events page, a click log page) and whether they came from the result cache. */
public record RowsAnswer(Rows result, boolean cacheHit) {
    public List<Row> rows() {
        return result.rows();
    }

    /** The {@code X-Tally-Cache} header's value. */
    public String cacheHeader() {
        return Cached.header(cacheHit);
    }
}
