package dev.tally.bi;

import dev.tally.sql.BiSql;
import dev.tally.sql.Sql;
import dev.tally.store.ClickHouse;
import dev.tally.store.Row;
import dev.tally.store.StoreConfiguration;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What must be reviewed when the schema or the engine changes: every table of Tally's database has an
 * {@code additional_table_filters} entry ({@link TableFilters}), and every function of the engine is
 * classified in {@code bi/functions.tsv} ({@link FunctionCatalog}).
 */
@MicronautTest
class BiCoverageTest {
    private static final Pattern CREATED = Pattern.compile(
            "CREATE\\s+(?:TABLE|MATERIALIZED\\s+VIEW|VIEW|DICTIONARY)\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?`?(\\w+)`?", Pattern.CASE_INSENSITIVE);
    @Inject
    ClickHouse clickHouse;
    @Inject
    StoreConfiguration store;

    /**
     * Every table a migration creates (and the migrations' own history) must be listed. Tables other tests
     * make in the database at run time are not Tally's; at run time they read nothing through the BI endpoint.
     */
    @Test
    void everyTallyTableHasAFilterEntry() throws IOException {
        Set<String> tables = new HashSet<>(Set.of("schema_migrations"));
        try (Stream<Path> files = Files.list(Path.of("clickhouse", "migrations"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".sql")).toList()) {
                Matcher created = CREATED.matcher(Files.readString(file));
                while (created.find()) {
                    tables.add(created.group(1));
                }
            }
        }
        Set<String> live = new HashSet<>();
        for (Row row : clickHouse.query(BiSql.tablesOf(store.database())).rows()) {
            live.add(row.string("name"));
        }
        assertThat(live).containsAll(tables);
        assertThat(tables).contains("events", "links", "workspaces", "api_keys", "rollup_geo_hourly_mv");
        assertThat(TableFilters.unlisted(tables)).as("tables without a BI filter entry in TableFilters.TALLY_TABLES").isEmpty();
    }

    @Test
    void everyEngineFunctionIsClassified() {
        Set<String> functions = new HashSet<>();
        for (Row row : clickHouse.query(Sql.of(BiSql.ENGINE_FUNCTIONS)).rows()) {
            functions.add(row.string("name"));
        }
        assertThat(functions).hasSizeGreaterThan(1_000);
        Set<String> unclassified = new HashSet<>(functions);
        unclassified.removeAll(FunctionCatalog.bundled().classifiedNames());
        assertThat(unclassified).as("functions missing from bi/functions.tsv").isEmpty();
    }

    @Test
    void theCatalogDeniesWhatReadsBeyondTheStatement() {
        FunctionCatalog catalog = FunctionCatalog.bundled();
        for (String denied : new String[]{"file", "dictGet", "joinGet", "getSetting", "sleep", "sleepEachRow", "hostName",
                "currentUser", "hasColumnInTable", "addressToSymbol", "aiGenerate", "generateSerialID", "getServerSetting",
                "merge", "url", "mergeTreeIndex", "view", "nonexistentFunction"}) {
            assertThat(catalog.allows(denied)).as(denied).isFalse();
        }
        for (String allowed : new String[]{"count", "COUNT", "sum", "sumIf", "uniqCombined64MergeIf", "countDistinct",
                "toStartOfHour", "if", "multiIf", "lambda", "CAST", "caseWithExpression", "version", "currentDatabase"}) {
            assertThat(catalog.allows(allowed)).as(allowed).isTrue();
        }
        assertThat(FunctionCatalog.allowsTableFunction("numbers")).isTrue();
        assertThat(FunctionCatalog.allowsTableFunction("VALUES")).isTrue();
        assertThat(FunctionCatalog.allowsTableFunction("file")).isFalse();
    }
}
