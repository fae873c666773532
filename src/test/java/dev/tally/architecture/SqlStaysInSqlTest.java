package dev.tally.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * All SQL text lives in {@code sql/} (and the adapters' own bootstrap in {@code store/}): a string literal
 * anywhere else that reads like SQL fails the build, so no surface, repository or service grows its own.
 */
class SqlStaysInSqlTest {
    private static final Path MAIN = Path.of("src/main/java/dev/tally");
    private static final Pattern STRING_LITERAL = Pattern.compile("\"\"\"(?s:.*?)\"\"\"|\"(?:[^\"\\\\\\n]|\\\\.)*\"");
    private static final Pattern SQL = Pattern.compile(
            "\\b(SELECT|INSERT INTO|ALTER TABLE|CREATE (TABLE|VIEW|DATABASE|MATERIALIZED)|DROP (TABLE|VIEW|DATABASE)|DELETE FROM"
                    + "|OPTIMIZE TABLE|TRUNCATE|SYSTEM (STOP|START|FLUSH|DROP)|FROM \\w+|WHERE|GROUP BY|ORDER BY|LIMIT \\d|UNION ALL|FORMAT \\w+)\\b");
    private static final List<String> ALLOWED = List.of("sql/", "store/");

    @Test
    void noStringLiteralOutsideSqlAndStoreReadsLikeSql() throws IOException {
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String relative = MAIN.relativize(file).toString().replace('\\', '/');
                if (ALLOWED.stream().anyMatch(relative::startsWith)) {
                    continue;
                }
                Matcher literal = STRING_LITERAL.matcher(Files.readString(file));
                while (literal.find()) {
                    if (SQL.matcher(literal.group()).find()) {
                        offenders.add(relative + ": " + literal.group());
                    }
                }
            }
        }
        assertThat(offenders).as("SQL text outside sql/ and store/").isEmpty();
    }

    @Test
    void theGuardRecognisesSql() {
        assertThat(SQL.matcher("\"SELECT 1 AS ok\"").find()).isTrue();
        assertThat(SQL.matcher("\" FROM links FINAL\"").find()).isTrue();
        assertThat(SQL.matcher("\"Unknown API key.\"").find()).isFalse();
    }
}
