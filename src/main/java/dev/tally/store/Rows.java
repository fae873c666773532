package dev.tally.store;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/** A query's result: its columns and its rows, each value already converted to a Java type. */
public record Rows(List<Column> columns, List<Row> rows) {
    public Rows {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    public int size() {
        return rows.size();
    }

    public Row get(int index) {
        return rows.get(index);
    }

    /** The only row; fails when there is not exactly one. */
    public Row single() {
        if (rows.size() != 1) {
            throw new NoSuchElementException("expected one row, got " + rows.size());
        }
        return rows.getFirst();
    }

    static Map<String, Integer> indexByName(List<Column> columns) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            index.putIfAbsent(columns.get(i).name(), i);
        }
        return Map.copyOf(index);
    }
}
