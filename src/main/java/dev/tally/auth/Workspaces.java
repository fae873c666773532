package dev.tally.auth;

import dev.tally.base.RandomIds;
import dev.tally.store.RowVersions;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** Creating, reading and changing workspaces (the admin API's operations). Input is already validated. */
@Singleton
public final class Workspaces {
    private final WorkspaceRepository repository;
    private final CredentialCache cache;
    private final ApplicationEventPublisher<WorkspaceCreated> created;

    Workspaces(WorkspaceRepository repository, CredentialCache cache, ApplicationEventPublisher<WorkspaceCreated> created) {
        this.repository = repository;
        this.cache = cache;
        this.created = created;
    }

    /** Creates a workspace; a new organization id is made when none is given. */
    public WorkspaceRecord create(String name, @Nullable String organizationId, Plan plan, ZoneId timeZone) {
        String organization = organizationId == null ? RandomIds.organization() : organizationId;
        // Millisecond precision, as stored: the answer to a create equals every later read.
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        WorkspaceRecord record = new WorkspaceRecord(
                new Workspace(RandomIds.workspace(), organization, name, plan, timeZone), now, now);
        repository.write(record);
        created.publishEvent(new WorkspaceCreated(record.workspace().id()));
        return record;
    }

    public Optional<WorkspaceRecord> find(String id) {
        return repository.find(id);
    }

    /** Every workspace, oldest first. */
    public List<WorkspaceRecord> list() {
        return repository.all();
    }

    /** Writes a new version with the given changes (null = unchanged); empty when there is no such workspace. */
    public Optional<WorkspaceRecord> update(String id, @Nullable String name, @Nullable Plan plan, @Nullable ZoneId timeZone) {
        return repository.find(id).map(current -> {
            Workspace old = current.workspace();
            Workspace changed = new Workspace(old.id(), old.organizationId(), name == null ? old.name() : name,
                    plan == null ? old.plan() : plan, timeZone == null ? old.timeZone() : timeZone);
            WorkspaceRecord record = new WorkspaceRecord(changed, current.createdAt(), RowVersions.after(Instant.now(), current.updatedAt()));
            repository.write(record);
            cache.invalidateWorkspace(id);
            return record;
        });
    }
}
