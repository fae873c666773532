package dev.tally.ingest;

import dev.tally.sql.EventColumn;
import dev.tally.sql.Sql;
import dev.tally.store.ClickHouse;
import dev.tally.store.Row;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The one column list ingest writes is the events table's: every column without a default, in the table's order. */
@MicronautTest
class EventColumnsTest {
    @Inject
    ClickHouse clickHouse;

    @Test
    void ingestWritesEveryColumnWithoutADefaultInTheTablesOrder() {
        List<Row> columns = clickHouse.query(Sql.of("SELECT name, default_kind FROM system.columns"
                + " WHERE database = currentDatabase() AND table = 'events' ORDER BY position")).rows();
        List<String> withoutDefault = columns.stream().filter(c -> c.string("default_kind").isEmpty()).map(c -> c.string("name")).toList();
        assertThat(Arrays.stream(EventColumn.values()).map(EventColumn::column).toList()).isEqualTo(withoutDefault);
        assertThat(EventColumn.insertTarget()).startsWith("events (workspace_id, event_id, event_type, timestamp, ").endsWith(", metadata)");
    }
}
