package dev.tally.bench;

import dev.tally.auth.Plan;
import dev.tally.auth.Workspace;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import jakarta.inject.Singleton;

import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Bench only, and only with {@code tally.bench.workspace-id} set: every request acts for that workspace,
 * standing in for API-key authentication in the ingest benchmark while that lives on another branch.
 */
@Singleton
@Requires(property = "tally.bench.workspace-id")
final class BenchWorkspaceBinder implements TypedRequestArgumentBinder<Workspace> {
    private final Workspace workspace;

    BenchWorkspaceBinder(@Value("${tally.bench.workspace-id}") String workspaceId) {
        this.workspace = new Workspace(workspaceId, "org_bench", "bench", Plan.ENTERPRISE, ZoneOffset.UTC);
    }

    @Override
    public Argument<Workspace> argumentType() {
        return Argument.of(Workspace.class);
    }

    @Override
    public BindingResult<Workspace> bind(ArgumentConversionContext<Workspace> context, HttpRequest<?> source) {
        return () -> Optional.of(workspace);
    }
}
