package dev.tally.api.bi;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The BI endpoint under {@code /clickhouse} on the main port ({@code jdbc:clickhouse://host:8080/clickhouse}…).
 * Anonymous to Micronaut Security: the ClickHouse credentials are checked by {@link BiCredentials}.
 */
@Tag(name = "bi")
@SecurityRequirement(name = "clickhouse-basic", scopes = dev.tally.auth.Scope.BI_READ_ROLE)
@Controller("/clickhouse")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.IO)
final class BiController {
    private final ClickHouseEndpoint endpoint;

    BiController(ClickHouseEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Operation(summary = "ClickHouse HTTP protocol (read-only SQL for BI tools)", description = "Not a REST API: ClickHouse's own HTTP interface (query parameter or body, X-ClickHouse-* headers, ClickHouse formats and errors) over the workspace's views, for JDBC/ODBC drivers; the user is the workspace id, the password a bi:read key. See the README, BI tools.")
    @Get(uris = {"", "/", "/ping"})
    MutableHttpResponse<StreamedFile> get(HttpRequest<?> request) {
        return respond(request, new byte[0]);
    }

    @Operation(summary = "ClickHouse HTTP protocol: a SQL statement in the body", description = "See GET /clickhouse.")
    @Post(uris = {"", "/"})
    @Consumes(MediaType.ALL)
    MutableHttpResponse<StreamedFile> post(HttpRequest<byte[]> request) {
        return respond(request, request.getBody().orElse(new byte[0]));
    }

    private MutableHttpResponse<StreamedFile> respond(HttpRequest<?> request, byte[] body) {
        Map<String, String> parameters = new LinkedHashMap<>();
        request.getParameters().asMap().forEach((name, values) -> parameters.put(name, first(values)));
        ClickHouseAnswer answer = endpoint.handle(new ClickHouseRequest(request.getPath().endsWith("/ping"), parameters,
                name -> request.getHeaders().get(name), body));
        MutableHttpResponse<StreamedFile> response = HttpResponse.status(io.micronaut.http.HttpStatus.valueOf(answer.status()));
        answer.headers().forEach((name, value) -> {
            if (!name.equals("Content-Type")) {
                response.header(name, value);
            }
        });
        return response.body(new StreamedFile(answer.body(), MediaType.of(answer.contentType())));
    }

    private static String first(List<String> values) {
        return values.isEmpty() ? "" : values.getFirst();
    }
}
