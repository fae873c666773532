package dev.tally.store;

import dev.tally.sql.Param;
import dev.tally.sql.Parameters;
import dev.tally.sql.Sql;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies {@code clickhouse/migrations/NNNN_name.sql} in order at start-up, each once, recording each in
 * {@code schema_migrations} with its checksum. A migration that fails, or an applied one whose file
 * changed since, stops start-up with a message naming the file.
 *
 * Statements should be idempotent ({@code IF NOT EXISTS}): a migration is recorded only after all its
 * statements ran, so one that failed half-way is run again from the top once fixed.
 */
@Context
public final class Migrator {
    private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);

    static final String CREATE_HISTORY = """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version UInt32,
                name String,
                checksum String,
                applied_at DateTime64(3, 'UTC')
            ) ENGINE = MergeTree ORDER BY version""";

    private final ClickHouse clickHouse;
    private final MigrationSource source;
    private final ClusterMode cluster;
    private final String database;

    Migrator(ClickHouse clickHouse, MigrationSource source) {
        this(clickHouse, source, ClusterMode.singleNode(), StoreConfiguration.DEFAULT_DATABASE);
    }

    /**
     * On a cluster the migrations are the generated cluster files ({@link ClusterSchema}), with the cluster's
     * and the database's names filled in, and the history is itself a replicated table.
     */
    @Inject
    Migrator(ClickHouse clickHouse, MigrationSource source, ClusterMode cluster, StoreConfiguration configuration) {
        this(clickHouse, source, cluster, configuration.database());
    }

    Migrator(ClickHouse clickHouse, MigrationSource source, ClusterMode cluster, String database) {
        this.clickHouse = clickHouse;
        this.source = source;
        this.cluster = cluster;
        this.database = database;
    }

    @PostConstruct
    void migrateOnStartup() {
        migrate(source.migrations(cluster));
    }

    /** Applies the migrations not yet applied; returns how many it applied. */
    int migrate(List<Migration> migrations) {
        clickHouse.execute(Sql.of(cluster.isCluster() ? rendered(ClusterSchema.history(cluster.topology())) : CREATE_HISTORY));
        Map<Integer, String> applied = appliedChecksums();
        int count = 0;
        for (Migration migration : migrations) {
            String checksum = applied.get(migration.version());
            if (checksum != null) {
                if (!checksum.equals(migration.checksum())) {
                    throw new StoreStartupException("migration " + migration.name() + " changed after it was applied:"
                            + " add a new migration instead of editing an applied one");
                }
                continue;
            }
            apply(migration);
            count++;
        }
        return count;
    }

    private void apply(Migration migration) {
        for (String statement : migration.statements()) {
            try {
                clickHouse.execute(Sql.of(cluster.isCluster() ? rendered(statement) : statement));
            } catch (StoreException e) {
                throw new StoreStartupException("migration " + migration.name() + " failed: " + firstLine(e.getMessage()), e);
            }
        }
        Parameters parameters = new Parameters();
        String text = "INSERT INTO schema_migrations (version, name, checksum, applied_at) SELECT "
                + parameters.bind(Param.uint32(migration.version())) + ", "
                + parameters.bind(Param.string(migration.name())) + ", "
                + parameters.bind(Param.string(migration.checksum())) + ", "
                + parameters.bind(Param.dateTime64(Instant.now()));
        clickHouse.execute(Sql.of(text, parameters));
        LOG.info("Applied migration {}", migration.name());
    }

    private String rendered(String statement) {
        return ClusterSchema.render(statement, cluster.name().orElseThrow(), database);
    }

    private Map<Integer, String> appliedChecksums() {
        Map<Integer, String> applied = new HashMap<>();
        for (Row row : clickHouse.query(Sql.of("SELECT version, checksum FROM schema_migrations")).rows()) {
            applied.put((int) row.longValue("version"), row.string("checksum"));
        }
        return applied;
    }

    private static String firstLine(String message) {
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
