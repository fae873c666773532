package dev.tally.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.http.HttpRequest;
import java.util.List;

/** {@code tally keys create|list|revoke}: a workspace's API keys over the admin API ({@code /api/v1/workspaces/{id}/keys}). */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Create, list and revoke a workspace's API keys (admin API).",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand {
    private static final TallyHttp.Credential ADMIN = TallyHttp.Credential.ADMIN_TOKEN;

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Issue a key; its secret is printed once.")
    static final class Create implements Runnable {
        @Mixin
        Connection connection;
        @Spec
        CommandSpec spec;
        @Option(names = {"-w", "--workspace"}, required = true, paramLabel = "WORKSPACE_ID")
        String workspace;
        @Option(names = "--name", defaultValue = "cli", description = "A name for the key (default ${DEFAULT-VALUE}).")
        String name;
        @Option(names = "--scope", split = ",", defaultValue = "analytics:read", paramLabel = "SCOPE",
                description = "analytics:read, events:write, links:write, bi:read (repeatable or comma-separated; default ${DEFAULT-VALUE}).")
        List<String> scopes;

        @Override
        public void run() {
            ObjectNode body = TallyHttp.JSON.createObjectNode().put("name", name);
            scopes.forEach(body.putArray("scopes")::add);
            try (TallyHttp http = new TallyHttp(connection.base())) {
                JsonNode key = http.json(http.request(path(workspace), ADMIN, connection.adminToken())
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), ADMIN);
                String secret = key.path("key").asText();
                ((ObjectNode) key).remove("key");
                PrintWriter out = spec.commandLine().getOut();
                Table.print(key, out);
                out.println();
                out.println("key: " + secret);
                out.println("(the secret is shown only now: store it)");
                out.flush();
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List a workspace's keys (revoked ones too).")
    static final class ListKeys implements Runnable {
        @Mixin
        Connection connection;
        @Spec
        CommandSpec spec;
        @Option(names = {"-w", "--workspace"}, required = true, paramLabel = "WORKSPACE_ID")
        String workspace;

        @Override
        public void run() {
            try (TallyHttp http = new TallyHttp(connection.base())) {
                Table.print(http.json(http.request(path(workspace), ADMIN, connection.adminToken()).GET().build(), ADMIN), spec.commandLine().getOut());
            }
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key: it stops working at once.")
    static final class Revoke implements Runnable {
        @Mixin
        Connection connection;
        @Spec
        CommandSpec spec;
        @Option(names = {"-w", "--workspace"}, required = true, paramLabel = "WORKSPACE_ID")
        String workspace;
        @Parameters(paramLabel = "KEY_ID", description = "The key's id (key_…), as keys list shows it.")
        String keyId;

        @Override
        public void run() {
            try (TallyHttp http = new TallyHttp(connection.base())) {
                JsonNode key = http.json(http.request(path(workspace) + "/" + ExportCommand.encode(keyId), ADMIN, connection.adminToken())
                        .DELETE().build(), ADMIN);
                Table.print(key, spec.commandLine().getOut());
            }
        }
    }

    private static String path(String workspace) {
        return "/api/v1/workspaces/" + ExportCommand.encode(workspace) + "/keys";
    }
}
