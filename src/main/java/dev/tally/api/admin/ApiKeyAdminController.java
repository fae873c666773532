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
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.List;

/**
 * A workspace's API keys, for the operator: {@code POST} issues one and shows its secret this once,
 * {@code GET} lists them without secrets, {@code DELETE …/{keyId}} revokes (effective within about a
 * second on every instance). A key id of another workspace answers 404 like an unknown one.
 */
@Tag(name = "admin")
@SecurityRequirement(name = "bearer", scopes = Roles.ADMIN)
@ApiResponse(responseCode = "400", description = "Refused parameter or body, in Tally's own error shape", content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = dev.tally.api.error.NativeErrorFormat.Body.class), examples = @ExampleObject(value = "{\"error\":{\"code\":\"bad_request\",\"message\":\"plan must be one of free, pro, business, enterprise.\",\"doc_url\":\"https://github.com/tally-dev/tally/blob/main/README.md#errors-bad_request\",\"request_id\":\"3f1c…\"}}")))
@ApiResponse(responseCode = "401", description = "Missing, unknown or revoked key", content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = dev.tally.api.error.NativeErrorFormat.Body.class), examples = @ExampleObject(value = "{\"error\":{\"code\":\"unauthorized\",\"message\":\"Unknown API key.\",\"doc_url\":\"https://github.com/tally-dev/tally/blob/main/README.md#errors-unauthorized\",\"request_id\":\"3f1c…\"}}")))
@ApiResponse(responseCode = "429", description = "Rate limit exceeded (Retry-After says when to retry)", content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = dev.tally.api.error.NativeErrorFormat.Body.class), examples = @ExampleObject(value = "{\"error\":{\"code\":\"rate_limit_exceeded\",\"message\":\"Rate limit exceeded: 1000 requests per window for this API key; retry after 12 seconds.\",\"doc_url\":\"https://github.com/tally-dev/tally/blob/main/README.md#errors-rate_limit_exceeded\"}}")))
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

    @Operation(summary = "Issue an API key (admin token)", description = "The answer's key is the only time the secret is shown.")
    @Post
    HttpResponse<KeyResponse> issue(String workspaceId, @Body CreateKeyRequest request) {
        requireWorkspace(workspaceId);
        IssuedApiKey issued = keys.issue(workspaceId, AdminInput.name(request.name()), AdminInput.scopes(request.scopes()));
        return HttpResponse.created(KeyResponse.withSecret(issued.key(), issued.secret()));
    }

    @Operation(summary = "List a workspace's keys (admin token)")
    @Get
    List<KeyResponse> list(String workspaceId) {
        requireWorkspace(workspaceId);
        return keys.list(workspaceId).stream().map(KeyResponse::from).toList();
    }

    @Operation(summary = "One key (admin token)")
    @Get("/{keyId}")
    KeyResponse get(String workspaceId, String keyId) {
        requireWorkspace(workspaceId);
        return keys.find(workspaceId, keyId).map(KeyResponse::from).orElseThrow(() -> unknownKey(keyId));
    }

    @Operation(summary = "Revoke a key (admin token)")
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
