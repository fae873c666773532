package dev.tally.support;

import dev.tally.auth.ApiKeys;
import dev.tally.auth.IssuedApiKey;
import dev.tally.auth.Plan;
import dev.tally.auth.Scope;
import dev.tally.auth.Workspace;
import dev.tally.auth.Workspaces;
import jakarta.inject.Singleton;

import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * Creates a workspace and an API key through the same services the admin API uses, for HTTP tests:
 *
 * <pre>{@code
 * @Inject TestWorkspaces workspaces;
 *
 * TestWorkspace a = workspaces.create(Plan.BUSINESS, ZoneId.of("Europe/Berlin"), Scope.ANALYTICS_READ);
 * client.toBlocking().exchange(HttpRequest.GET("/api/v1/analytics?groupBy=count").bearerAuth(a.apiKey()));
 * insertEvents(a.workspace().id(), …);
 * }</pre>
 *
 * Every call makes a new workspace with unique ids, so tests never see each other's data even on a kept
 * data directory. No admin token is needed.
 */
@Singleton
public final class TestWorkspaces {
    private final Workspaces workspaces;
    private final ApiKeys keys;

    TestWorkspaces(Workspaces workspaces, ApiKeys keys) {
        this.workspaces = workspaces;
        this.keys = keys;
    }

    /** A new workspace on {@code plan} in {@code timeZone}, with one key holding {@code scopes}. */
    public TestWorkspace create(Plan plan, ZoneId timeZone, Scope... scopes) {
        Workspace workspace = workspaces.create("test workspace", null, plan, timeZone).workspace();
        return new TestWorkspace(workspace, keys.issue(workspace.id(), "test key", Set.of(scopes)));
    }

    /** A new workspace on {@code plan} in UTC with a key holding every scope. */
    public TestWorkspace create(Plan plan) {
        return create(plan, ZoneId.of("UTC"), Scope.values());
    }

    /** Another key for an existing workspace. */
    public TestWorkspace addKey(Workspace workspace, Scope... scopes) {
        return new TestWorkspace(workspace, keys.issue(workspace.id(), "test key", Set.of(scopes)));
    }

    /**
     * A workspace and one of its keys.
     *
     * @param workspace what the key authenticates as
     * @param key       the key's id and, in {@code secret()}, its bearer secret
     */
    public record TestWorkspace(Workspace workspace, IssuedApiKey key) {
        /** The secret to send as {@code Authorization: Bearer <apiKey>} (e.g. {@code request.bearerAuth(apiKey())}). */
        public String apiKey() {
            return key.secret();
        }

        public String keyId() {
            return key.key().id();
        }

        public List<Scope> scopes() {
            return List.copyOf(key.key().scopes());
        }
    }
}
