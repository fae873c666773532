package dev.tally.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.net.http.HttpRequest;

/** {@code tally workspaces create|list} over the admin API ({@code /api/v1/workspaces}). */
@Command(name = "workspaces", mixinStandardHelpOptions = true, description = "Create and list workspaces (admin API).",
        subcommands = {WorkspacesCommand.Create.class, WorkspacesCommand.ListWorkspaces.class})
final class WorkspacesCommand {
    private static final TallyHttp.Credential ADMIN = TallyHttp.Credential.ADMIN_TOKEN;

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a workspace and print it.")
    static final class Create implements Runnable {
        @Mixin
        Connection connection;
        @Spec
        CommandSpec spec;
        @Option(names = "--name", required = true)
        String name;
        @Option(names = "--plan", description = "free, pro, business or enterprise (server default: free).")
        String plan;
        @Option(names = "--time-zone", paramLabel = "ZONE", description = "IANA time zone of its reports (server default: UTC).")
        String timeZone;

        @Override
        public void run() {
            ObjectNode body = TallyHttp.JSON.createObjectNode().put("name", name);
            if (plan != null) {
                body.put("plan", plan);
            }
            if (timeZone != null) {
                body.put("time_zone", timeZone);
            }
            try (TallyHttp http = new TallyHttp(connection.base())) {
                Table.print(http.json(http.request("/api/v1/workspaces", ADMIN, connection.adminToken())
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), ADMIN),
                        spec.commandLine().getOut());
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List every workspace, oldest first.")
    static final class ListWorkspaces implements Runnable {
        @Mixin
        Connection connection;
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            try (TallyHttp http = new TallyHttp(connection.base())) {
                Table.print(http.json(http.request("/api/v1/workspaces", ADMIN, connection.adminToken()).GET().build(), ADMIN),
                        spec.commandLine().getOut());
            }
        }
    }
}
