package dev.tally.auth;

import dev.tally.sql.WorkspaceSql;
import dev.tally.store.ClickHouse;
import dev.tally.store.Row;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code workspaces} table (migration 0001). Every change writes a new version row whose
 * {@code updated_at} is later than the previous one; reads take the latest version ({@code FINAL}).
 */
@Singleton
final class WorkspaceRepository {
    private final ClickHouse clickHouse;

    WorkspaceRepository(ClickHouse clickHouse) {
        this.clickHouse = clickHouse;
    }

    void write(WorkspaceRecord record) {
        Workspace workspace = record.workspace();
        clickHouse.execute(WorkspaceSql.write(workspace.id(), workspace.organizationId(), workspace.name(), workspace.plan().publicName(),
                workspace.timeZone().getId(), record.createdAt(), record.updatedAt()));
    }

    Optional<WorkspaceRecord> find(String id) {
        List<Row> rows = clickHouse.query(WorkspaceSql.byId(id)).rows();
        return rows.isEmpty() ? Optional.empty() : Optional.of(record(rows.getFirst()));
    }

    List<WorkspaceRecord> all() {
        return clickHouse.query(WorkspaceSql.all()).rows().stream().map(WorkspaceRepository::record).toList();
    }

    /**
     * Ids of workspaces with a version written at or after {@code since}, each with its latest version
     * time: what the revocation poll invalidates.
     */
    Map<String, Instant> changedSince(Instant since) {
        Map<String, Instant> versions = new HashMap<>();
        for (Row row : clickHouse.query(WorkspaceSql.changedSince(since)).rows()) {
            versions.put(row.string("id"), row.instant("version"));
        }
        return versions;
    }

    private static WorkspaceRecord record(Row row) {
        Plan plan = Plan.fromPublicName(row.string("plan"))
                .orElseThrow(() -> new IllegalStateException("workspace " + row.string("id") + " has unknown plan " + row.string("plan")));
        Workspace workspace = new Workspace(row.string("id"), row.string("organization_id"), row.string("name"), plan,
                ZoneId.of(row.string("time_zone")));
        return new WorkspaceRecord(workspace, row.instant("created_at"), row.instant("updated_at"));
    }
}
