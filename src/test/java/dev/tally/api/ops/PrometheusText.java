package dev.tally.api.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A scrape of {@code /metrics} read as Prometheus' text format: each sample's name with labels, and its value. */
record PrometheusText(Map<String, Double> samples) {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? (\\S+)$");

    static PrometheusText parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher matcher = SAMPLE.matcher(line);
            if (!matcher.matches()) {
                throw new AssertionError("not a Prometheus sample line: " + line);
            }
            samples.put(matcher.group(1) + (matcher.group(2) == null ? "" : matcher.group(2)), Double.parseDouble(matcher.group(3)));
        }
        return new PrometheusText(samples);
    }

    /** The sum of the samples named {@code name} whose labels include every {@code key="value"} given (0 when none). */
    double sum(String name, String... labels) {
        return samples.entrySet().stream()
                .filter(sample -> sample.getKey().equals(name) || sample.getKey().startsWith(name + "{"))
                .filter(sample -> {
                    for (String label : labels) {
                        if (!sample.getKey().contains(label)) {
                            return false;
                        }
                    }
                    return true;
                })
                .mapToDouble(Map.Entry::getValue).sum();
    }

    boolean has(String name) {
        return samples.keySet().stream().anyMatch(key -> key.equals(name) || key.startsWith(name + "{"));
    }
}
