package dev.tally.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JSON answers printed as an aligned text table: one column per field (in the order fields first appear),
 * numbers right-aligned, nested values as compact JSON. An object is a one-row table.
 */
final class Table {
    private Table() {
    }

    static void print(JsonNode answer, PrintWriter out) {
        List<JsonNode> rows = new ArrayList<>();
        if (answer.isArray()) {
            answer.forEach(rows::add);
        } else {
            rows.add(answer);
        }
        Set<String> columns = new LinkedHashSet<>();
        for (JsonNode row : rows) {
            for (Map.Entry<String, JsonNode> field : row.properties()) {
                columns.add(field.getKey());
            }
        }
        if (rows.isEmpty() || columns.isEmpty()) {
            out.println("(no rows)");
            out.flush();
            return;
        }
        List<String> names = List.copyOf(columns);
        int[] widths = names.stream().mapToInt(String::length).toArray();
        boolean[] numeric = new boolean[names.size()];
        java.util.Arrays.fill(numeric, true);
        List<String[]> cells = new ArrayList<>();
        for (JsonNode row : rows) {
            String[] line = new String[names.size()];
            for (int i = 0; i < names.size(); i++) {
                JsonNode value = row.get(names.get(i));
                line[i] = value == null || value.isNull() ? "" : value.isValueNode() ? value.asText() : value.toString();
                widths[i] = Math.max(widths[i], line[i].length());
                numeric[i] &= value == null || value.isNull() || value.isNumber();
            }
            cells.add(line);
        }
        out.println(line(names.toArray(String[]::new), widths, new boolean[names.size()]));
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            rule.append(i == 0 ? "" : "  ").append("-".repeat(widths[i]));
        }
        out.println(rule);
        for (String[] line : cells) {
            out.println(line(line, widths, numeric));
        }
        out.flush();
    }

    private static String line(String[] values, int[] widths, boolean[] right) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            String pad = " ".repeat(widths[i] - values[i].length());
            text.append(i == 0 ? "" : "  ").append(right[i] ? pad + values[i] : values[i] + (i == values.length - 1 ? "" : pad));
        }
        return text.toString();
    }
}
