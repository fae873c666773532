package dev.tally.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The {@code tally} command line (picocli): import, export, query, keys, workspaces. It lives in the
 * server's jar but starts no Micronaut context — it is a plain HTTP client of a running Tally
 * ({@code scripts/tally}, or {@code java -cp target/tally.jar dev.tally.cli.TallyCli}; ADR 0120).
 */
@Command(name = "tally", mixinStandardHelpOptions = true, versionProvider = TallyCli.Version.class,
        description = "Operate a running Tally over its HTTP API. Connection: --url/--key/--admin-token or TALLY_URL, TALLY_API_KEY, TALLY_ADMIN_TOKEN.",
        subcommands = {ImportCommand.class, ExportCommand.class, QueryCommand.class, KeysCommand.class, WorkspacesCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:the server failed (5xx) or an import failed", "2:wrong options or arguments",
                "3:no Tally answers at the URL", "4:the key or admin token was refused (401/403)",
                "5:the server refused the request (another 4xx; its message is shown)", "6:a local file could not be read or written"})
public final class TallyCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine(System.getenv()).execute(args));
    }

    /** The command line with its error handling; {@code environment} supplies the connection defaults. */
    public static CommandLine commandLine(Map<String, String> environment) {
        CommandLine commandLine = new CommandLine(new TallyCli());
        commandLine.setDefaultValueProvider(new EnvironmentDefaults(environment));
        commandLine.setExecutionExceptionHandler((exception, command, parsed) -> {
            CliException failure = asCliException(exception);
            command.getErr().println("tally: " + failure.getMessage());
            command.getErr().flush();
            return failure.exitCode();
        });
        return commandLine;
    }

    private static CliException asCliException(Exception exception) {
        return switch (exception) {
            case CliException known -> known;
            case UncheckedIOException io -> local(io.getCause());
            case IOException io -> local(io);
            default -> new CliException(CliException.SERVER_FAILED, "unexpected failure: " + exception);
        };
    }

    private static CliException local(IOException e) {
        return new CliException(CliException.LOCAL_IO, "file error: " + e.getMessage() + " (" + e.getClass().getSimpleName() + ")");
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The jar's version (its manifest's Implementation-Version when packaged). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = TallyCli.class.getPackage().getImplementationVersion();
            return new String[] {"tally " + (version == null ? "(development build)" : version)};
        }
    }
}
