package dev.tally.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * {@code tally query 'groupBy=countries&interval=30d'}: {@code GET /api/v1/analytics} with those
 * parameters, printed as a table on stdout; which table answered ({@code X-Tally-Source}) goes to stderr.
 */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Ask /api/v1/analytics and print the answer as a table, e.g. tally query 'groupBy=countries&interval=30d'.")
final class QueryCommand implements Callable<Integer> {
    @Mixin
    Connection connection;
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "QUERY", description = "The analytics parameters as a query string (values may be written plainly: country=-US,GB).")
    String query;

    @Option(names = "--json", description = "Print the JSON answer instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        try (TallyHttp http = new TallyHttp(connection.base())) {
            var request = http.request("/api/v1/analytics?" + encoded(query), TallyHttp.Credential.API_KEY, connection.apiKey()).GET().build();
            HttpResponse<String> response = http.text(request, TallyHttp.Credential.API_KEY);
            if (json) {
                spec.commandLine().getOut().println(response.body());
                spec.commandLine().getOut().flush();
            } else {
                JsonNode answer = TallyHttp.parse(response.body());
                Table.print(answer, spec.commandLine().getOut());
            }
            String source = response.headers().firstValue("X-Tally-Source").orElse("?");
            String table = response.headers().firstValue("X-Tally-Table").orElse("?");
            spec.commandLine().getErr().println("answered from " + source + " (" + table + ")");
            spec.commandLine().getErr().flush();
        }
        return 0;
    }

    /** Each name and value percent-encoded once (decoding first, so an already encoded query stays as meant). */
    static String encoded(String query) {
        String text = query.strip();
        if (text.startsWith("?")) {
            text = text.substring(1);
        }
        StringBuilder out = new StringBuilder();
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            String[] nameValue = pair.split("=", 2);
            out.append(out.isEmpty() ? "" : "&").append(ExportCommand.encode(URLDecoder.decode(nameValue[0], StandardCharsets.UTF_8)));
            if (nameValue.length == 2) {
                out.append('=').append(ExportCommand.encode(URLDecoder.decode(nameValue[1], StandardCharsets.UTF_8)));
            }
        }
        return out.toString();
    }
}
