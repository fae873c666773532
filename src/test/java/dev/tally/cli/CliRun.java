package dev.tally.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One run of the {@code tally} CLI in-process (picocli's {@code execute}) with its exit code and both streams captured. */
record CliRun(int exitCode, String out, String err) {
    static CliRun of(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TallyCli.commandLine(environment).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    CliRun ok() {
        if (exitCode != 0) {
            throw new AssertionError("tally exited " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err);
        }
        return this;
    }

    String first(String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(out);
        if (!matcher.find()) {
            throw new AssertionError("no " + regex + " in:\n" + out);
        }
        return matcher.group();
    }

    /** The printed table as rows of column → cell (the header line names the columns; the ruler line is skipped). */
    List<Map<String, String>> table() {
        List<String> lines = out.lines().filter(line -> !line.isBlank()).toList();
        String ruler = lines.get(1);
        List<int[]> spans = new ArrayList<>();
        Matcher dashes = Pattern.compile("-+").matcher(ruler);
        while (dashes.find()) {
            spans.add(new int[] {dashes.start(), dashes.end()});
        }
        List<String> names = cells(lines.get(0), spans);
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(2, lines.size())) {
            if (line.length() < spans.getLast()[0]) {
                break; // text after the table
            }
            List<String> values = cells(line, spans);
            Map<String, String> row = new java.util.LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                row.put(names.get(i), values.get(i));
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<String> cells(String line, List<int[]> spans) {
        List<String> cells = new ArrayList<>();
        for (int[] span : spans) {
            int end = span == spans.getLast() ? line.length() : Math.min(span[1], line.length());
            cells.add(span[0] >= line.length() ? "" : line.substring(span[0], end).strip());
        }
        return cells;
    }
}
