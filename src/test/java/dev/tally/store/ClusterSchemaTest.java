package dev.tally.store;

import dev.tally.sql.Param;
import dev.tally.sql.Parameters;
import dev.tally.sql.Sql;
import dev.tally.support.ClickHouseListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The generated cluster schema ({@code clickhouse/cluster/migrations/}) is what {@link ClusterSchema} makes of
 * today's single-node migrations, every statement of it parses on the engine, and it names every table and
 * view of the single-node schema. (Column by column, and running, on two shards: {@code TwoShardClusterTest}.)
 */
class ClusterSchemaTest {
    private static final Path SINGLE_NODE = Path.of("clickhouse", "migrations");
    private static final Path GENERATED = Path.of("clickhouse", "cluster", "migrations");
    private static final Pattern ADD_INDEX = Pattern.compile("^ALTER TABLE (\\w+) (ADD INDEX|ADD PROJECTION|MATERIALIZE PROJECTION|MODIFY SETTING)");
    private static final Pattern CREATED = Pattern.compile("CREATE (TABLE|MATERIALIZED VIEW) IF NOT EXISTS (\\w+)");

    private static ServerClickHouse engine;

    @BeforeAll
    static void open() {
        engine = new ServerClickHouse(new StoreConfiguration(ClickHouseListener.shared().jdbcUrl("default"), "default", "",
                "default", Path.of("unused"), null, 2, 60));
    }

    @AfterAll
    static void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void theGeneratedFilesAreUpToDate() throws IOException {
        List<Migration> singleNode = MigrationSource.read(SINGLE_NODE);
        List<String> expected = ClusterSchema.generatedFiles(singleNode);
        List<String> names;
        try (Stream<Path> files = Files.list(GENERATED)) {
            names = files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".sql")).sorted().toList();
        }
        assertThat(names).as("one generated file per migration: run scripts/cluster-schema")
                .containsExactlyElementsOf(singleNode.stream().map(Migration::name).toList());
        for (int i = 0; i < names.size(); i++) {
            assertThat(Files.readString(GENERATED.resolve(names.get(i)), StandardCharsets.UTF_8))
                    .as(names.get(i) + " is stale: run scripts/cluster-schema").isEqualTo(expected.get(i));
        }
    }

    @Test
    void everyGeneratedStatementParsesOnTheEngine() {
        int parsed = 0;
        List<String> statements = new ArrayList<>(List.of(ClusterSchema.history(ClusterSchema.Topology.REPLICATED),
                ClusterSchema.createDatabase("tally")));
        ClusterSchema.readGenerated(GENERATED).forEach(migration -> statements.addAll(migration.statements()));
        for (String statement : statements) {
            String rendered = ClusterSchema.render(statement, "tally_cluster", "tally");
            assertThat(rendered).doesNotContain("${");
            Parameters parameters = new Parameters();
            String formatted = engine.query(Sql.of("SELECT formatQuery(" + parameters.bind(Param.string(rendered)) + ") AS q", parameters))
                    .single().string("q");
            assertThat(formatted).as(rendered).contains("ON CLUSTER tally_cluster");
            parsed++;
        }
        long singleNodeTables = ClusterSchema.readGenerated(SINGLE_NODE).stream().flatMap(m -> m.statements().stream())
                .filter(s -> s.startsWith("CREATE TABLE") && !s.contains("ENGINE = Memory")).count();
        long singleNodeStatements = ClusterSchema.readGenerated(SINGLE_NODE).stream().mapToLong(m -> m.statements().size()).sum();
        // Two per sharded table (local and Distributed), one per view, Memory table and index, plus the history and the database.
        assertThat(parsed).isEqualTo(singleNodeStatements + singleNodeTables + 2);
    }

    @Test
    void everySingleNodeTableAndViewHasItsClusterForm() {
        List<Migration> generated = ClusterSchema.readGenerated(GENERATED);
        List<String> clusterText = generated.stream().flatMap(m -> m.statements().stream()).toList();
        int tables = 0;
        for (Migration migration : ClusterSchema.readGenerated(SINGLE_NODE)) {
            for (String statement : migration.statements()) {
                Matcher index = ADD_INDEX.matcher(statement);
                if (index.find()) {
                    assertThat(clusterText).as(statement).anySatisfy(s -> assertThat(s)
                            .startsWith("ALTER TABLE " + index.group(1) + "_local ON CLUSTER ${cluster} " + index.group(2)));
                    continue;
                }
                Matcher created = CREATED.matcher(statement);
                assertThat(created.find()).as(migration.name() + " creates something").isTrue();
                String name = created.group(2);
                if (statement.contains("ENGINE = Memory")) {
                    assertThat(clusterText).as(name).anySatisfy(s -> assertThat(s)
                            .startsWith("CREATE TABLE IF NOT EXISTS " + name + " ON CLUSTER ${cluster}").contains("ENGINE = Memory"));
                } else if (created.group(1).equals("TABLE")) {
                    assertThat(clusterText).as(name).anySatisfy(s -> assertThat(s).startsWith("CREATE TABLE IF NOT EXISTS " + name
                            + "_local ON CLUSTER ${cluster}").containsPattern("ENGINE = Replicated\\w*MergeTree\\('/clickhouse/tables/\\{shard\\}/\\{database\\}/"
                            + name + "_local', '\\{replica\\}'"));
                    assertThat(clusterText).as(name).anySatisfy(s -> assertThat(s).startsWith("CREATE TABLE IF NOT EXISTS " + name
                            + " ON CLUSTER ${cluster} AS " + name + "_local\nENGINE = Distributed(${cluster}, ${database}, " + name + "_local, cityHash64("));
                    tables++;
                } else {
                    assertThat(clusterText).as(name).anySatisfy(s -> assertThat(s)
                            .startsWith("CREATE MATERIALIZED VIEW IF NOT EXISTS " + name + " ON CLUSTER ${cluster} TO ")
                            .containsPattern(" TO \\w+_local AS")
                            .doesNotContainPattern("\\b(FROM|JOIN)\\s+(events|rollup_\\w+_hourly|links)\\b"));
                }
            }
        }
        assertThat(tables).isGreaterThanOrEqualTo(11);
    }

    @Test
    void aMigrationWithoutAClusterFormIsRefused() {
        Migration alter = Migration.parse("9001_alter.sql", "-- not derivable yet\nALTER TABLE events ADD COLUMN x UInt8;");
        assertThatThrownBy(() -> ClusterSchema.derive(List.of(alter), ClusterSchema.Topology.REPLICATED))
                .isInstanceOf(StoreStartupException.class)
                .hasMessageStartingWith("9001_alter.sql holds a statement ClusterSchema has no cluster form for");
        Migration unsharded = Migration.parse("9002_plain.sql", "-- no tenant column\nCREATE TABLE IF NOT EXISTS plain (a UInt8) ENGINE = MergeTree ORDER BY a;");
        assertThatThrownBy(() -> ClusterSchema.derive(List.of(unsharded), ClusterSchema.Topology.REPLICATED))
                .hasMessage("9002_plain.sql: table plain has no workspace_id column to shard by; give it one, or teach ClusterSchema where its rows belong");
    }
}
