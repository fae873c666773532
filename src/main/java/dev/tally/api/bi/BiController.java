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

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The BI endpoint under {@code /clickhouse} on the main port ({@code jdbc:clickhouse://host:8080/clickhouse}…).
 * Anonymous to Micronaut Security: the ClickHouse credentials are checked by {@link BiCredentials}.
 */
@Controller("/clickhouse")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.IO)
final class BiController {
    private final ClickHouseEndpoint endpoint;

    BiController(ClickHouseEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Get(uris = {"", "/", "/ping"})
    MutableHttpResponse<StreamedFile> get(HttpRequest<?> request) {
        return respond(request, new byte[0]);
    }

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
