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
    /**
     * A statement's opening keyword at the start of the literal, or a clause anywhere: prose such as "only
     * SELECT statements are allowed" is not SQL.
     */
    private static final Pattern SQL = Pattern.compile(
            "^\"+\\s*(SELECT|INSERT|ALTER|CREATE|DROP|DELETE|OPTIMIZE|TRUNCATE|SYSTEM|WITH|SHOW|KILL)\\b"
                    + "|\\b(INSERT INTO|ALTER TABLE|CREATE (TABLE|VIEW|DATABASE|MATERIALIZED)|DROP (TABLE|VIEW|DATABASE)|DELETE FROM"
                    + "|OPTIMIZE TABLE|SYSTEM (STOP|START|FLUSH|DROP)|FROM [a-z_]\\w*|WHERE [a-z_]\\w* ?(=|IN|<|>)|GROUP BY|ORDER BY"
                    + "|LIMIT \\d|UNION ALL|FINAL)\\b");
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
        assertThat(SQL.matcher("\"only SELECT statements are allowed\"").find()).isFalse();
        assertThat(SQL.matcher("\"SELECT \" + COLUMNS").find()).isTrue();
        assertThat(SQL.matcher("\" AND id = \"").find()).isFalse();
    }
}
