package dev.tally.api.ops;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.yml}: the OpenAPI 3.1 document Micronaut OpenAPI's annotation processor wrote from the
 * controllers at build time ({@code META-INF/swagger/tally.yml} in the jar; docs/adr/0115).
 */
@Controller("/openapi.yml")
@Secured(SecurityRule.IS_ANONYMOUS)
@Tag(name = "operations")
final class OpenApiController {
    static final String DOCUMENT = "META-INF/swagger/tally.yml";
    private final byte[] document;

    OpenApiController() {
        try (InputStream in = OpenApiController.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw new IllegalStateException(DOCUMENT + " is missing from the class path: the build's OpenAPI processor did not run");
            }
            this.document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Get(produces = "application/yaml")
    @Operation(summary = "This API's OpenAPI 3.1 document", description = "Generated from the code at build time; browse it at /docs.")
    HttpResponse<byte[]> document() {
        return HttpResponse.ok(document);
    }
}
