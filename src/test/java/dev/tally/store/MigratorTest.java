package dev.tally.store;

import dev.tally.sql.Sql;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The migrator on the real embedded engine. Test migrations use high versions and unique table names. */
@MicronautTest
class MigratorTest {
    @Inject
    ClickHouse clickHouse;

    @Inject
    MigrationSource source;

    private int nextVersion;

    @Test
    void theShippedMigrationsAreAppliedAtStartUpAndRecorded() {
        List<Migration> shipped = source.migrations();
        assertThat(shipped).isNotEmpty();
        assertThat(shipped.getFirst().name()).isEqualTo("0001_workspaces.sql");
        long recorded = clickHouse.query(Sql.of("SELECT count() AS n FROM schema_migrations WHERE version < 9000")).single().longValue("n");
        assertThat(recorded).isEqualTo(shipped.size());
        assertThat(new Migrator(clickHouse, source).migrate(shipped)).isZero();
    }

    @Test
    void eachMigrationIsAppliedOnceInOrder() {
        int version = unusedVersions(2);
        String table = "migrator_" + version;
        Migrator migrator = new Migrator(clickHouse, source);
        List<Migration> migrations = List.of(
                Migration.parse(version + "_create.sql", "-- a table\nCREATE TABLE " + table + " (id UInt32) ENGINE = MergeTree ORDER BY id;"),
                Migration.parse((version + 1) + "_fill.sql", "-- rows\nINSERT INTO " + table + " VALUES (1);\nINSERT INTO " + table + " VALUES (2);"));

        assertThat(migrator.migrate(migrations)).isEqualTo(2);
        assertThat(migrator.migrate(migrations)).isZero();
        assertThat(clickHouse.query(Sql.of("SELECT count() AS n FROM " + table)).single().longValue("n")).isEqualTo(2);
        // The table is a test's, not Tally's: gone again, so tests that list Tally's tables see only those.
        clickHouse.execute(Sql.of("DROP TABLE " + table));
    }

    @Test
    void aFailingMigrationStopsStartUpNamingTheFile() {
        int version = unusedVersions(1);
        Migration broken = Migration.parse(version + "_broken.sql", "-- broken on purpose\nCREATE TABLE oops (;");
        assertThatThrownBy(() -> new Migrator(clickHouse, source).migrate(List.of(broken)))
                .isInstanceOf(StoreStartupException.class)
                .hasMessageStartingWith("migration " + version + "_broken.sql failed: Code: 62.");
    }

    @Test
    void anAppliedMigrationThatChangedIsRefused() {
        int version = unusedVersions(1);
        Migrator migrator = new Migrator(clickHouse, source);
        migrator.migrate(List.of(Migration.parse(version + "_noop.sql", "-- first text\nSELECT 1;")));
        assertThatThrownBy(() -> migrator.migrate(List.of(Migration.parse(version + "_noop.sql", "-- edited text\nSELECT 2;"))))
                .isInstanceOf(StoreStartupException.class)
                .hasMessage("migration " + version + "_noop.sql changed after it was applied:"
                        + " add a new migration instead of editing an applied one");
    }

    @Test
    void aMigrationMustSayWhyAndBeNamedByVersion() {
        assertThatThrownBy(() -> Migration.parse("0002_x.sql", "CREATE TABLE t (id UInt8) ENGINE = Memory;"))
                .hasMessage("migration 0002_x.sql must open with a -- line saying why it exists");
        assertThatThrownBy(() -> Migration.parse("2_x.sql", "-- why\nSELECT 1;"))
                .hasMessage("migration file 2_x.sql is not named NNNN_name.sql");
    }

    /**
     * The first of {@code count} consecutive four-digit versions that no shipped migration reaches and no
     * earlier test recorded in the kept test data directory (random picks collided across reruns).
     */
    private int unusedVersions(int count) {
        if (nextVersion == 0) {
            long recorded = clickHouse.query(Sql.of("SELECT max(version) AS v FROM schema_migrations WHERE version >= 9000"))
                    .single().longValue("v");
            nextVersion = (int) Math.max(9000, recorded + 1);
        }
        int first = nextVersion;
        nextVersion += count;
        if (nextVersion > 10_000) {
            throw new IllegalStateException("test migration versions 9000-9999 are used up: delete target/test-data");
        }
        return first;
    }
}
