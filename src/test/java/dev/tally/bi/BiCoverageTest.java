package dev.tally.bi;

import dev.tally.sql.BiSql;
import dev.tally.sql.Sql;
import dev.tally.store.ClickHouse;
import dev.tally.store.Row;
import dev.tally.store.StoreConfiguration;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What must be reviewed when the schema or the engine changes: every table of Tally's database has an
 * {@code additional_table_filters} entry ({@link TableFilters}), and every function of the engine is
 * classified in {@code bi/functions.tsv} ({@link FunctionCatalog}).
 */
@MicronautTest
class BiCoverageTest {
    @Inject
    ClickHouse clickHouse;
    @Inject
    StoreConfiguration store;

    @Test
    void everyTallyTableHasAFilterEntry() {
        Set<String> tables = new HashSet<>();
        for (Row row : clickHouse.query(BiSql.tablesOf(store.database())).rows()) {
            tables.add(row.string("name"));
        }
        assertThat(tables).contains("events", "links", "workspaces", "api_keys");
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
