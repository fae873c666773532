package dev.tally.api.ops;

import dev.tally.api.error.ApiException;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * {@code GET /docs}: the API reference, Swagger UI over {@code /openapi.yml}. Its files come from the Swagger UI
 * WebJar inside Tally's jar (nothing from a CDN; docs/adr/0115); only the listed files are served.
 */
@Controller("/docs")
@Secured(SecurityRule.IS_ANONYMOUS)
@Tag(name = "operations")
final class DocsController {
    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
    /** Each file {@code /docs/…} serves, and its type. */
    private static final Map<String, MediaType> FILES = Map.of(
            "swagger-ui.css", MediaType.of("text/css"),
            "swagger-ui-bundle.js", MediaType.of("text/javascript"),
            "favicon-32x32.png", MediaType.IMAGE_PNG_TYPE,
            "docs.js", MediaType.of("text/javascript"));
    private final String webjarDirectory;

    DocsController() {
        this.webjarDirectory = WEBJAR + webjarVersion() + "/";
    }

    @Get(produces = MediaType.TEXT_HTML)
    @Operation(summary = "The API reference (Swagger UI)")
    HttpResponse<byte[]> page() {
        return HttpResponse.ok(resource("docs/index.html"));
    }

    @Get("/{file}")
    @Operation(summary = "One of the API reference page's files", description = "The page's style sheet, scripts and icon.")
    HttpResponse<byte[]> file(@Parameter(schema = @Schema(allowableValues = {"swagger-ui.css", "swagger-ui-bundle.js",
            "favicon-32x32.png", "docs.js"})) String file) {
        MediaType type = FILES.get(file);
        if (type == null) {
            throw ApiException.notFound("No such file of the API reference page: " + file + ".");
        }
        byte[] bytes = resource(file.equals("docs.js") ? "docs/docs.js" : webjarDirectory + file);
        return HttpResponse.ok(bytes).contentType(type).header("Cache-Control", "public, max-age=86400");
    }

    private static byte[] resource(String name) {
        try (InputStream in = DocsController.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String webjarVersion() {
        Properties properties = new Properties();
        try (InputStream in = DocsController.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the Swagger UI WebJar is missing from the class path");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }
}
