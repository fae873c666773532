package dev.tally.api.admin;

import dev.tally.api.error.ApiException;
import dev.tally.auth.AdminConfiguration;
import dev.tally.auth.ApiKeys;
import dev.tally.auth.IssuedApiKey;
import dev.tally.auth.Roles;
import dev.tally.auth.Workspaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;

import java.util.List;

/**
 * A workspace's API keys, for the operator: {@code POST} issues one and shows its secret this once,
 * {@code GET} lists them without secrets, {@code DELETE …/{keyId}} revokes (effective within about a
 * second on every instance). A key id of another workspace answers 404 like an unknown one.
 */
@Controller("/api/v1/workspaces/{workspaceId}/keys")
@Secured(Roles.ADMIN)
@Requires(property = AdminConfiguration.TOKEN_PROPERTY, pattern = AdminConfiguration.NON_BLANK)
@ExecuteOn(TaskExecutors.IO)
final class ApiKeyAdminController {
    private final Workspaces workspaces;
    private final ApiKeys keys;

    ApiKeyAdminController(Workspaces workspaces, ApiKeys keys) {
        this.workspaces = workspaces;
        this.keys = keys;
    }

    @Post
    HttpResponse<KeyResponse> issue(String workspaceId, @Body CreateKeyRequest request) {
        requireWorkspace(workspaceId);
        IssuedApiKey issued = keys.issue(workspaceId, AdminInput.name(request.name()), AdminInput.scopes(request.scopes()));
        return HttpResponse.created(KeyResponse.withSecret(issued.key(), issued.secret()));
    }

    @Get
    List<KeyResponse> list(String workspaceId) {
        requireWorkspace(workspaceId);
        return keys.list(workspaceId).stream().map(KeyResponse::from).toList();
    }

    @Get("/{keyId}")
    KeyResponse get(String workspaceId, String keyId) {
        requireWorkspace(workspaceId);
        return keys.find(workspaceId, keyId).map(KeyResponse::from).orElseThrow(() -> unknownKey(keyId));
    }

    @Delete("/{keyId}")
    KeyResponse revoke(String workspaceId, String keyId) {
        requireWorkspace(workspaceId);
        return keys.revoke(workspaceId, keyId).map(KeyResponse::from).orElseThrow(() -> unknownKey(keyId));
    }

    private void requireWorkspace(String workspaceId) {
        if (workspaces.find(workspaceId).isEmpty()) {
            throw WorkspaceAdminController.unknown(workspaceId);
        }
    }

    private static ApiException unknownKey(String keyId) {
        return ApiException.notFound("API key " + keyId + " not found in this workspace.");
    }
}
