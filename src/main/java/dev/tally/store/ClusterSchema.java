package dev.tally.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Derives the cluster schema from the single-node migrations, so {@code clickhouse/migrations/} stays the one
 * source of truth (docs/adr/0060-cluster-sharding-key.md):
 * <ul>
 *   <li>every table becomes {@code <name>_local}, its MergeTree engine replaced by the Replicated twin keyed by
 *       the {@code {shard}}/{@code {replica}} macros, plus {@code <name>}, a {@code Distributed} table over it
 *       sharded by {@code cityHash64(workspace_id)}: Tally's SQL keeps reading and writing the plain names;</li>
 *   <li>every materialized view reads the local table it was written against and writes the local rollup, so
 *       each shard rolls up exactly the rows it stores (a view on a Distributed table would run on whichever node
 *       took the insert, and its rollup rows would not follow the workspace's shard);</li>
 *   <li>a {@code Memory} table (a node's scratch) is created on every node as it is, and a skipping index
 *       ({@code ALTER TABLE … ADD INDEX}), a projection ({@code ADD PROJECTION}, {@code MATERIALIZE PROJECTION}) and a
 *       table setting ({@code MODIFY SETTING}) go to every shard's local table;</li>
 *   <li>every statement runs {@code ON CLUSTER}.</li>
 * </ul>
 * The generated files live in {@code clickhouse/cluster/migrations/}, with {@value #CLUSTER} and {@value #DATABASE}
 * filled in by the migrator ({@link #render}). {@code ClusterSchemaTest} fails when they are stale or when a
 * migration holds a statement this class has no cluster form for. Regenerate with {@code scripts/cluster-schema}.
 */
public final class ClusterSchema {
    /** Placeholder for the cluster's name ({@code TALLY_CLICKHOUSE_CLUSTER}). */
    public static final String CLUSTER = "${cluster}";
    /** Placeholder for Tally's database (the Distributed engine needs it spelled out). */
    public static final String DATABASE = "${database}";
    /** The folder, beside the single-node one, that the build packages and the migrator reads in cluster mode. */
    public static final String FOLDER = "clickhouse/cluster/migrations";
    /** Every row of a workspace on one shard: see the ADR for the measurements. */
    static final String SHARDING_KEY = "cityHash64(workspace_id)";

    private static final Pattern CREATE_TABLE = Pattern.compile(
            "CREATE\\s+TABLE\\s+IF\\s+NOT\\s+EXISTS\\s+(\\w+)\\s*\\((.*)\\)\\s*ENGINE\\s*=\\s*(\\w*MergeTree)(?:\\(([^)]*)\\))?(.*)", Pattern.DOTALL);
    private static final Pattern CREATE_VIEW = Pattern.compile(
            "CREATE\\s+MATERIALIZED\\s+VIEW\\s+IF\\s+NOT\\s+EXISTS\\s+(\\w+)\\s+TO\\s+(\\w+)\\s+AS\\s+(.*)", Pattern.DOTALL);
    private static final Pattern CREATE_MEMORY_TABLE = Pattern.compile(
            "CREATE\\s+TABLE\\s+IF\\s+NOT\\s+EXISTS\\s+(\\w+)\\s*(\\(.*\\)\\s*ENGINE\\s*=\\s*Memory\\b.*)", Pattern.DOTALL);
    private static final Pattern ADD_INDEX = Pattern.compile(
            "ALTER\\s+TABLE\\s+(\\w+)\\s+((?:ADD\\s+INDEX|ADD\\s+PROJECTION|MATERIALIZE\\s+PROJECTION|MODIFY\\s+SETTING)\\s+.*)",
            Pattern.DOTALL);
    private static final Pattern READ_TABLE = Pattern.compile("\\b(FROM|JOIN)(\\s+)(\\w+)\\b");
    private static final Pattern COLUMN = Pattern.compile("^\\s*(\\w+)\\s+\\S", Pattern.MULTILINE);

    /** How shards keep copies. */
    public enum Topology {
        /** Production: Replicated engines through Keeper, DDL {@code ON CLUSTER}. */
        REPLICATED,
        /**
         * One plain-MergeTree node per shard, the DDL run on each node by hand: the same layout without
         * replication, for the chDB listeners in tests (no Keeper there, so no ON CLUSTER either).
         */
        PLAIN
    }

    private ClusterSchema() {
    }

    /** The cluster form of every migration, in order; tables named by earlier migrations are known to later ones. */
    static List<Migration> derive(List<Migration> singleNode, Topology topology) {
        Set<String> tables = new LinkedHashSet<>();
        List<Migration> cluster = new ArrayList<>();
        for (Migration migration : singleNode) {
            String text = fileText(migration, topology, tables);
            cluster.add(Migration.parse(migration.name(), text));
        }
        return cluster;
    }

    /** A cluster statement with its placeholders filled in. Both values are plain identifiers (checked at start-up). */
    public static String render(String statement, String cluster, String database) {
        return statement.replace(CLUSTER, cluster).replace(DATABASE, database);
    }

    /** The migration history, replicated to every node of the cluster (one copy per node, not sharded). */
    static String history(Topology topology) {
        return topology == Topology.PLAIN ? Migrator.CREATE_HISTORY : """
                CREATE TABLE IF NOT EXISTS schema_migrations ON CLUSTER ${cluster} (
                    version UInt32,
                    name String,
                    checksum String,
                    applied_at DateTime64(3, 'UTC')
                ) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{database}/schema_migrations', '{replica}') ORDER BY version""";
    }

    /** The database on every node. */
    static String createDatabase(String database) {
        return "CREATE DATABASE IF NOT EXISTS " + database + " ON CLUSTER " + CLUSTER;
    }

    private static String fileText(Migration migration, Topology topology, Set<String> tables) {
        StringBuilder text = new StringBuilder()
                .append("-- Generated by dev.tally.store.ClusterSchema from clickhouse/migrations/").append(migration.name())
                .append(": do not edit.\n-- Change the single-node migration and run scripts/cluster-schema. The migrator fills in ")
                .append(CLUSTER).append(" (TALLY_CLICKHOUSE_CLUSTER)\n-- and ").append(DATABASE).append(" (Tally's database).\n");
        for (String statement : migration.statements()) {
            for (String derived : derive(statement, topology, tables, migration.name())) {
                // The single-node comments are gone (the statements come without them): drop the lines they left.
                text.append('\n').append(derived.replaceAll("\n[ \t]*(?=\n)", "")).append(";\n");
            }
        }
        return text.toString();
    }

    private static List<String> derive(String statement, Topology topology, Set<String> tables, String file) {
        String onCluster = topology == Topology.REPLICATED ? " ON CLUSTER " + CLUSTER : "";
        Matcher table = CREATE_TABLE.matcher(statement);
        if (table.matches()) {
            String name = table.group(1);
            String columns = table.group(2);
            String engine = table.group(3);
            String arguments = table.group(4) == null ? "" : table.group(4).strip();
            String rest = table.group(5);
            String local = name + "_local";
            String localEngine = engine;
            if (topology == Topology.REPLICATED) {
                localEngine = "Replicated" + engine + "('/clickhouse/tables/{shard}/{database}/" + local + "', '{replica}'"
                        + (arguments.isEmpty() ? "" : ", " + arguments) + ")";
                rest = rest.replace("non_replicated_deduplication_window", "replicated_deduplication_window");
            } else if (!arguments.isEmpty()) {
                localEngine = engine + "(" + arguments + ")";
            }
            tables.add(name);
            return List.of(
                    "CREATE TABLE IF NOT EXISTS " + local + onCluster + "\n(" + columns + ")\nENGINE = " + localEngine + rest,
                    "CREATE TABLE IF NOT EXISTS " + name + onCluster + " AS " + local + "\nENGINE = Distributed("
                            + CLUSTER + ", " + DATABASE + ", " + local + ", " + shardingKey(name, columns, file) + ")");
        }
        Matcher memory = CREATE_MEMORY_TABLE.matcher(statement);
        if (memory.matches()) {
            // A Memory table is a node's scratch (nothing in it outlives the process): one per node, never sharded.
            return List.of("CREATE TABLE IF NOT EXISTS " + memory.group(1) + onCluster + "\n" + memory.group(2));
        }
        Matcher index = ADD_INDEX.matcher(statement);
        if (index.matches() && tables.contains(index.group(1))) {
            // A skipping index, a projection and a table setting live with the data: on every shard's local table.
            return List.of("ALTER TABLE " + index.group(1) + "_local" + onCluster + " " + index.group(2));
        }
        Matcher view = CREATE_VIEW.matcher(statement);
        if (view.matches()) {
            String target = view.group(2);
            if (!tables.contains(target)) {
                throw new StoreStartupException(file + ": materialized view " + view.group(1) + " writes " + target
                        + ", which no earlier migration creates");
            }
            Matcher reads = READ_TABLE.matcher(view.group(3));
            StringBuilder select = new StringBuilder();
            while (reads.find()) {
                String read = tables.contains(reads.group(3)) ? reads.group(3) + "_local" : reads.group(3);
                reads.appendReplacement(select, Matcher.quoteReplacement(reads.group(1) + reads.group(2) + read));
            }
            reads.appendTail(select);
            return List.of("CREATE MATERIALIZED VIEW IF NOT EXISTS " + view.group(1) + onCluster + " TO " + target + "_local AS\n"
                    + select);
        }
        throw new StoreStartupException(file + " holds a statement ClusterSchema has no cluster form for (only CREATE TABLE"
                + " IF NOT EXISTS … ENGINE = *MergeTree or Memory, CREATE MATERIALIZED VIEW IF NOT EXISTS … TO … and ALTER TABLE … ADD"
                + " INDEX / ADD PROJECTION / MATERIALIZE PROJECTION / MODIFY SETTING are derived):\n"
                + statement.lines().findFirst().orElse(statement));
    }

    /** Every table is tenant data: a workspace's rows go to the shard its id hashes to. */
    private static String shardingKey(String table, String columns, String file) {
        List<String> names = new ArrayList<>();
        Matcher column = COLUMN.matcher(columns);
        while (column.find()) {
            names.add(column.group(1));
        }
        if (names.contains("workspace_id")) {
            return SHARDING_KEY;
        }
        if (table.equals("workspaces") && names.contains("id")) {
            return "cityHash64(id)";
        }
        throw new StoreStartupException(file + ": table " + table + " has no workspace_id column to shard by;"
                + " give it one, or teach ClusterSchema where its rows belong");
    }

    /**
     * Writes the generated files: {@code ClusterSchema <single-node folder> <cluster folder>}, replacing every
     * {@code .sql} file in the cluster folder.
     */
    public static void main(String[] args) throws IOException {
        Path source = Path.of(args.length > 0 ? args[0] : MigrationSource.FOLDER);
        Path target = Path.of(args.length > 1 ? args[1] : FOLDER);
        Files.createDirectories(target);
        try (var old = Files.list(target)) {
            for (Path file : old.filter(f -> f.toString().endsWith(".sql")).toList()) {
                Files.delete(file);
            }
        }
        List<Migration> singleNode = MigrationSource.read(source);
        List<String> files = generatedFiles(singleNode);
        for (int i = 0; i < singleNode.size(); i++) {
            Files.writeString(target.resolve(singleNode.get(i).name()), files.get(i), StandardCharsets.UTF_8);
        }
        System.out.println("wrote " + singleNode.size() + " cluster migrations to " + target);
    }

    /** The generated file text of every migration, by file name, as {@link #main} writes them. */
    static List<String> generatedFiles(List<Migration> singleNode) {
        Set<String> tables = new LinkedHashSet<>();
        List<String> files = new ArrayList<>();
        for (Migration migration : singleNode) {
            files.add(fileText(migration, Topology.REPLICATED, tables));
        }
        return files;
    }

    static List<Migration> readGenerated(Path folder) {
        try {
            return MigrationSource.read(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
