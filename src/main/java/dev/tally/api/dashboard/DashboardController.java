package dev.tally.api.dashboard;

import dev.tally.api.error.ApiException;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * {@code GET /dashboard}: a static page (and its script, style and Chart.js from its WebJar), all from the
 * jar; no key is needed to load it — the page asks for one and calls only the public API with it
 * (ADR 0121). The Content-Security-Policy lets it load nothing from anywhere else.
 */
@Tag(name = "operations")
@Controller("/dashboard")
@Secured(SecurityRule.IS_ANONYMOUS)
final class DashboardController {
    private static final String CHART_JS = "META-INF/resources/webjars/chart.js/%s/dist/chart.umd.min.js";
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self';"
            + " base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /** One file of the page. */
    private record Asset(byte[] bytes, MediaType type) {
    }

    private final Map<String, Asset> assets;

    DashboardController() {
        this.assets = Map.of(
                "index.html", new Asset(read("dashboard/index.html"), MediaType.of("text/html;charset=utf-8")),
                "dashboard.js", new Asset(read("dashboard/dashboard.js"), MediaType.of("text/javascript;charset=utf-8")),
                "dashboard.css", new Asset(read("dashboard/dashboard.css"), MediaType.of("text/css;charset=utf-8")),
                "chart.umd.min.js", new Asset(read(CHART_JS.formatted(webJarVersion())), MediaType.of("text/javascript;charset=utf-8")));
    }

    @Get
    @Operation(summary = "The dashboard page (it calls the public API with the key you paste)")
    HttpResponse<byte[]> page() {
        return serve(assets.get("index.html"));
    }

    @Get("/{file}")
    @Operation(summary = "One of the dashboard page's files (script, style sheet, Chart.js)")
    HttpResponse<byte[]> asset(String file) {
        Asset asset = assets.get(file);
        if (asset == null || file.equals("index.html")) {
            throw ApiException.notFound("No dashboard file " + file + "; the dashboard is at /dashboard.");
        }
        return serve(asset);
    }

    private static HttpResponse<byte[]> serve(Asset asset) {
        return HttpResponse.ok(asset.bytes()).contentType(asset.type())
                .header("Content-Security-Policy", POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "no-cache");
    }

    private static String webJarVersion() {
        Properties properties = new Properties();
        try (InputStream in = resource("META-INF/maven/org.webjars.npm/chart.js/pom.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }

    private static byte[] read(String name) {
        try (InputStream in = resource(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = DashboardController.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("the jar lacks " + name + ": rebuild it (mvn package)");
        }
        return in;
    }
}
