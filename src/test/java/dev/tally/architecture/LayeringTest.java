package dev.tally.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layering as built ({@code docs/adr/0090-layering.md}): {@code query ← sql ← store ← {auth, links, ingest}
 * ← runner ← api}, leaf utilities in {@code base}, and surfaces under {@code api/} side by side, none
 * importing another (only the shared {@code api.error}). A package may import only packages of a lower layer.
 */
class LayeringTest {
    private static final Path MAIN = Path.of("src/main/java/dev/tally");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.tally\\.([a-z]+(?:\\.[a-z]+)?)", Pattern.MULTILINE);

    /** Each package's layer; a package imports only from lower layers ({@code api} surfaces share one layer). */
    private static final Map<String, Integer> LAYERS = Map.ofEntries(
            Map.entry("base", 0), Map.entry("query", 1), Map.entry("enrich", 1), Map.entry("sql", 2), Map.entry("store", 3),
            Map.entry("auth", 4), Map.entry("links", 5), Map.entry("ingest", 6), Map.entry("bi", 6), Map.entry("runner", 7),
            Map.entry("api.error", 8), Map.entry("api", 9), Map.entry("", 10), Map.entry("cli", 10));
    /** Packages that must not know the web framework. */
    private static final Set<String> NO_MICRONAUT = Set.of("base", "query", "sql");

    @Test
    void everyPackageImportsOnlyLowerLayersAndNoSurfaceAnother() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String from = MAIN.relativize(file.getParent()).toString().replace('/', '.');
                String text = Files.readString(file);
                Matcher imported = IMPORT.matcher(text);
                while (imported.find()) {
                    String to = imported.group(1);
                    if (!to.equals(from) && layer(to) >= layer(from)) {
                        violations.add(MAIN.relativize(file) + " imports dev.tally." + imported.group(1));
                    }
                }
                if (NO_MICRONAUT.contains(from) && text.contains("import io.micronaut.")) {
                    violations.add(MAIN.relativize(file) + " imports Micronaut");
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    /** {@code api.clicks} and the other surfaces share one layer; {@code api.error} has its own below them. */
    private static int layer(String name) {
        if (name.startsWith("api.") && !name.equals("api.error")) {
            return LAYERS.get("api");
        }
        Integer layer = LAYERS.get(name);
        if (layer == null) {
            throw new AssertionError("package dev.tally." + name + " has no layer in LayeringTest: give it one (and in ADR 0090)");
        }
        return layer;
    }
}
