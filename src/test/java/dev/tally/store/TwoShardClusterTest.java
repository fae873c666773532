package dev.tally.store;

import dev.tally.query.AnalyticsQuery;
import dev.tally.query.Dimension;
import dev.tally.query.EventKind;
import dev.tally.query.Filter;
import dev.tally.query.Granularity;
import dev.tally.query.GroupBy;
import dev.tally.query.Metric;
import dev.tally.query.SortOrder;
import dev.tally.query.TimeRange;
import dev.tally.sql.ClickLogSql;
import dev.tally.sql.Planner;
import dev.tally.sql.RollupCatalog;
import dev.tally.sql.Source;
import dev.tally.sql.Sql;
import dev.tally.sql.SqlBuilder;
import dev.tally.support.ClickHouseListener;
import dev.tally.support.GeneratedEvents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tally's cluster layout really running on two shards (two listener processes, Distributed over plain
 * MergeTree): the derived schema has every table, view and column of the single-node one; inserts through the
 * Distributed {@code events} land on the shard of their workspace and feed that shard's rollups; and every query
 * Tally plans (each group-by from raw and from each rollup that accepts it, link-attribute filters with their
 * {@code links} subqueries, the events list and click log with their joins) answers exactly what the single-node
 * schema answers on the same events.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoShardClusterTest {
    private static final TimeRange RANGE = new TimeRange(Instant.parse("2026-02-27T05:00:00Z"), Instant.parse("2026-04-12T17:00:00Z"));
    private static final List<ZoneId> ZONES = List.of(ZoneId.of("UTC"), ZoneId.of("America/New_York"));
    private static final int WORKSPACES = 6;

    private TwoShardCluster cluster;
    private ServerClickHouse single;
    private final List<String> workspaceIds = new ArrayList<>();
    private long events;

    @BeforeAll
    void load() {
        cluster = TwoShardCluster.start("tally_cluster");
        // The single-node reference: the same engine, the single-node migrations, its own database.
        single = new ServerClickHouse(new StoreConfiguration(ClickHouseListener.shared().jdbcUrl("tally_single_ref"), "default", "",
                "tally_single_ref", Path.of("unused"), null, 8, 60));
        new Migrator(single, new MigrationSource()).migrate(new MigrationSource().migrations());
        for (int i = 0; i < WORKSPACES; i++) {
            GeneratedEvents.Data data = GeneratedEvents.generate(100 + i, 2_500);
            GeneratedEvents.insert(single, data);
            GeneratedEvents.insert(cluster.front(), data);
            workspaceIds.add(data.workspaceId());
            events += data.events().size();
        }
    }

    @AfterAll
    void close() {
        if (single != null) {
            single.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theClusterSchemaHasEveryTableViewAndColumnOfTheSingleNodeOne() {
        String columns = "SELECT table, name, type, default_kind, default_expression, position FROM system.columns"
                + " WHERE database = currentDatabase() ORDER BY table, position";
        Map<String, List<String>> singleColumns = byTable(single.query(Sql.of(columns)));
        Map<String, List<String>> clusterColumns = byTable(cluster.shards().getFirst().query(Sql.of(columns)));
        String tables = "SELECT name, engine, sorting_key, partition_key, primary_key FROM system.tables"
                + " WHERE database = currentDatabase() ORDER BY name";
        Map<String, Row> singleTables = byName(single.query(Sql.of(tables)));
        Map<String, Row> clusterTables = byName(cluster.shards().getFirst().query(Sql.of(tables)));

        assertThat(singleTables).hasSizeGreaterThanOrEqualTo(18);
        for (Row table : singleTables.values()) {
            String name = table.string("name");
            if (name.equals("schema_migrations")) {
                continue; // The history: one copy per node, not sharded (replicated in production).
            }
            if (table.string("engine").equals("Memory")) {
                // A node's scratch: the same table on every node, never sharded.
                assertThat(clusterColumns.get(name)).as(name).isEqualTo(singleColumns.get(name));
                assertThat(clusterTables.get(name).string("engine")).isEqualTo("Memory");
                continue;
            }
            if (table.string("engine").equals("MaterializedView")) {
                assertThat(clusterTables).as(name).containsKey(name);
                assertThat(clusterTables.get(name).string("engine")).isEqualTo("MaterializedView");
                continue;
            }
            assertThat(clusterColumns.get(name)).as("Distributed " + name).isEqualTo(singleColumns.get(name));
            assertThat(clusterTables.get(name).string("engine")).isEqualTo("Distributed");
            Row local = clusterTables.get(name + "_local");
            assertThat(local).as(name + "_local").isNotNull();
            assertThat(clusterColumns.get(name + "_local")).as(name + "_local").isEqualTo(singleColumns.get(name));
            for (String key : List.of("engine", "sorting_key", "partition_key", "primary_key")) {
                assertThat(local.string(key)).as(name + "_local " + key).isEqualTo(table.string(key));
            }
        }
        String views = "SELECT name, as_select FROM system.tables WHERE database = currentDatabase() AND engine = 'MaterializedView'";
        for (Row view : cluster.shards().getFirst().query(Sql.of(views)).rows()) {
            assertThat(view.string("as_select")).as(view.string("name")).contains("_local").doesNotContainPattern("FROM tally_cluster\\.(events|rollup_\\w+_hourly) ");
        }
    }

    @Test
    void insertsLandOnTheShardOfTheirWorkspaceAndFeedItsRollups() {
        long[] perShard = new long[2];
        for (int shard = 0; shard < 2; shard++) {
            ServerClickHouse node = cluster.shards().get(shard);
            perShard[shard] = node.query(Sql.of("SELECT count() AS n FROM events_local")).single().longValue("n");
            long rolled = node.query(Sql.of("SELECT sum(event_count) AS n FROM rollup_workspace_hourly_local")).single().longValue("n");
            assertThat(rolled).as("shard " + shard + " rolls up its own rows").isEqualTo(perShard[shard]);
            long mixed = node.query(Sql.of("SELECT count() AS n FROM (SELECT workspace_id FROM events_local GROUP BY workspace_id"
                    + " HAVING cityHash64(workspace_id) % 2 != " + shard + ")")).single().longValue("n");
            assertThat(mixed).as("shard " + shard + " holds only its workspaces").isZero();
        }
        assertThat(perShard[0]).isPositive();
        assertThat(perShard[1]).isPositive();
        assertThat(perShard[0] + perShard[1]).isEqualTo(events);
        assertThat(cluster.front().query(Sql.of("SELECT count() AS n FROM events")).single().longValue("n")).isEqualTo(events);
    }

    @Test
    void everyPlannedQueryAnswersAsOnASingleNode() throws Exception {
        Map<Source, Integer> compared = new EnumMap<>(Source.class);
        Map<String, Sql> statements = new LinkedHashMap<>();
        for (String workspaceId : onePerShard()) {
            for (AnalyticsQuery query : shapes(workspaceId)) {
                for (Source source : Source.values()) {
                    if (RollupCatalog.answersExactly(source, query).isEmpty()) {
                        statements.put(workspaceId + " " + query + " from " + source, SqlBuilder.aggregate(query, source));
                        compared.merge(source, 1, Integer::sum);
                    }
                }
            }
            AnalyticsQuery page = AnalyticsQuery.of(workspaceId, EventKind.COMPOSITE, RANGE, ZoneId.of("UTC"), Granularity.DAY)
                    .withPage(100, 0, SortOrder.DESC);
            statements.put(workspaceId + " events list", Planner.planEvents(page).sql());
            statements.put(workspaceId + " events list, page 3", Planner.planEvents(page.withPage(50, 100, SortOrder.ASC)).sql());
            AnalyticsQuery clicks = AnalyticsQuery.of(workspaceId, EventKind.CLICKS, RANGE, ZoneId.of("Asia/Tokyo"), Granularity.DAY)
                    .withPage(200, 0, SortOrder.ASC);
            statements.put(workspaceId + " click log", Planner.planClickLog(clicks, Optional.empty()).sql());
            statements.put(workspaceId + " click log, after", Planner.planClickLog(clicks,
                    Optional.of(new ClickLogSql.After(Instant.parse("2026-03-20T00:00:00Z"), "e"))).sql());
        }
        List<String> differences = new ArrayList<>();
        // Four at a time: the answers are independent, and each waits mostly on a round trip.
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<String>> outcomes = new ArrayList<>();
            statements.forEach((what, sql) -> outcomes.add(pool.submit(() -> difference(what, sql))));
            for (Future<String> outcome : outcomes) {
                if (outcome.get() != null) {
                    differences.add(outcome.get());
                }
            }
        }
        assertThat(differences).isEmpty();
        assertThat(compared.keySet()).containsExactlyInAnyOrder(Source.values());
    }

    @Test
    void aOneWorkspaceQueryIsSentToItsShardOnly() {
        AnalyticsQuery query = AnalyticsQuery.of(workspaceIds.getFirst(), EventKind.CLICKS, RANGE, ZoneId.of("UTC"), Granularity.DAY)
                .withGroupBy(GroupBy.COUNTRIES).withPage(10, 0, SortOrder.DESC);
        Sql sql = Planner.plan(query).sql();
        // force_… makes a query that could not be pruned to one shard fail instead of fanning out.
        Sql forced = new Sql(sql.text() + (sql.text().contains("\nSETTINGS ") ? ", " : "\nSETTINGS ") + "force_optimize_skip_unused_shards = 1", sql.params());
        assertThat(cluster.front().query(forced).rows()).isNotEmpty();
    }

    /** Null when both answer alike. */
    private String difference(String what, Sql sql) {
        Rows expected = single.query(sql);
        Rows actual = cluster.front().query(sql);
        List<String> left = expected.rows().stream().map(Row::toString).toList();
        List<String> right = actual.rows().stream().map(Row::toString).toList();
        if (!expected.columns().equals(actual.columns()) || !left.equals(right)) {
            return what + "\n  single:  " + abbreviate(left) + "\n  cluster: " + abbreviate(right);
        }
        return null;
    }

    private static String abbreviate(List<String> rows) {
        String text = rows.toString();
        return text.length() > 400 ? text.substring(0, 400) + "…" : text;
    }

    private static List<AnalyticsQuery> shapes(String workspaceId) {
        List<AnalyticsQuery> shapes = new ArrayList<>();
        for (ZoneId zone : ZONES) {
            for (EventKind event : List.of(EventKind.CLICKS, EventKind.SALES, EventKind.COMPOSITE)) {
                AnalyticsQuery base = AnalyticsQuery.of(workspaceId, event, RANGE, zone, Granularity.DAY).withPage(1000, 0, SortOrder.DESC);
                shapes.add(base.withMetrics(Set.of(Metric.CLICKS, Metric.LEADS, Metric.SALES, Metric.SALE_AMOUNT, Metric.UNIQUE_VISITORS)));
                shapes.add(base.withGroupBy(GroupBy.TIMESERIES).withGranularity(Granularity.HOUR));
                if (!zone.getId().equals("UTC") || event != EventKind.COMPOSITE) {
                    continue;
                }
                for (GroupBy groupBy : GroupBy.values()) {
                    shapes.add(base.withGroupBy(groupBy));
                }
                shapes.add(base.withGroupBy(GroupBy.COUNTRIES).withFilter(Filter.excluding(Dimension.COUNTRY, "US", "GB")));
                shapes.add(base.withGroupBy(GroupBy.TIMESERIES).withFilter(Filter.including(Dimension.DEVICE, "Mobile")));
                shapes.add(base.withGroupBy(GroupBy.TOP_TAGS).withFilter(Filter.including(Dimension.TENANT_ID, "ten_1"))
                        .withFilter(Filter.excluding(Dimension.PARTNER_ID, "par_2")));
                shapes.add(base.withGroupBy(GroupBy.TIMESERIES).withFilter(Filter.excluding(Dimension.TAG_ID, "tag_a")));
                shapes.add(base.withGroupBy(GroupBy.CITIES).withFilter(Filter.including(Dimension.FOLDER_ID, "fold_1")));
            }
        }
        return shapes;
    }

    /** A workspace from each shard, so both shards' answers are compared. */
    private List<String> onePerShard() {
        List<String> picked = new ArrayList<>();
        for (ServerClickHouse shard : cluster.shards()) {
            picked.add(shard.query(Sql.of("SELECT any(workspace_id) AS w FROM events_local")).single().string("w"));
        }
        assertThat(picked).doesNotHaveDuplicates().allSatisfy(id -> assertThat(workspaceIds).contains(id));
        return picked;
    }

    private static Map<String, List<String>> byTable(Rows rows) {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        for (Row row : rows.rows()) {
            columns.computeIfAbsent(row.string("table"), t -> new ArrayList<>())
                    .add(row.string("name") + " " + row.string("type") + " " + row.string("default_kind") + " " + row.string("default_expression"));
        }
        return columns;
    }

    private static Map<String, Row> byName(Rows rows) {
        Map<String, Row> tables = new LinkedHashMap<>();
        for (Row row : rows.rows()) {
            tables.put(row.string("name"), row);
        }
        return tables;
    }
}
