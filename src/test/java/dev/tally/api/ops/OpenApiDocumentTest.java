package dev.tally.api.ops;

import dev.tally.query.EventKind;
import dev.tally.query.GroupBy;
import dev.tally.query.IntervalPreset;
import dev.tally.support.HttpAnswer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /openapi.yml} is valid OpenAPI 3.1 (swagger-parser), documents every route in Micronaut's route table
 * (and nothing else), says which scheme and scopes each secured route needs and how it fails, and lists the
 * enums the parser accepts; {@code /docs} serves Swagger UI from the jar.
 */
@MicronautTest
@Property(name = "tally.admin.token", value = "test-admin-token-openapi")
class OpenApiDocumentTest {
    /**
     * Routes the document leaves out: test-only controllers (support/), and two names Micronaut gives the BI
     * endpoint's {@code uris = {""}} methods besides {@code /clickhouse} itself (ClickHouse's HTTP protocol is
     * documented once, as {@code GET|POST /clickhouse} and {@code /clickhouse/ping}).
     */
    private static final Set<String> LEFT_OUT = Set.of("/api/v1/probe", "/probe/", "/test/", "/clickhouse/get", "/clickhouse/post");

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    ApplicationContext context;

    private OpenAPI api;

    @BeforeEach
    void read() {
        HttpAnswer answer = HttpAnswer.send(client, HttpRequest.GET("/openapi.yml"));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type").orElseThrow()).startsWith("application/yaml");
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(answer.body(), null, options);
        assertThat(result.getMessages()).as("validation messages").isEmpty();
        api = result.getOpenAPI();
        assertThat(api.getOpenapi()).isEqualTo("3.1.0");
    }

    @Test
    void everyRouteIsDocumentedAndNothingElse() {
        Set<String> routes = context.getBean(Router.class).uriRoutes()
                .map(route -> route.getHttpMethodName() + " " + normalized(route.getUriMatchTemplate().toString()))
                .filter(route -> !route.startsWith("HEAD ")) // Micronaut answers HEAD for every GET
                .filter(route -> !leftOut(route.substring(route.indexOf(' ') + 1)))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> documented = new TreeSet<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().keySet()
                .forEach(method -> documented.add(method.name() + " " + path)));
        assertThat(documented).isEqualTo(routes);
        assertThat(routes).hasSizeGreaterThanOrEqualTo(33);
    }

    @Test
    void securedRoutesNameTheBearerSchemeTheirScopeAndTheirErrorShape() {
        Map<String, List<String>> missing = new TreeMap<>();
        for (UriRouteInfo<?, ?> route : context.getBean(Router.class).uriRoutes().toList()) {
            String path = normalized(route.getUriMatchTemplate().toString());
            if (leftOut(path) || route.getHttpMethodName().equals("HEAD")) {
                continue;
            }
            Operation operation = operation(path, route.getHttpMethodName());
            String[] roles = route.getAnnotationMetadata().stringValues(Secured.class);
            String where = route.getHttpMethodName() + " " + path;
            if (operation.getSummary() == null) {
                missing.computeIfAbsent(where, k -> new java.util.ArrayList<>()).add("summary");
            }
            if (roles.length == 0 || Arrays.asList(roles).contains(SecurityRule.IS_ANONYMOUS)) {
                continue;
            }
            List<String> scopes = operation.getSecurity() == null ? List.of()
                    : operation.getSecurity().stream().flatMap(requirement -> requirement.getOrDefault("bearer", List.of()).stream()).toList();
            if (!scopes.containsAll(Arrays.asList(roles))) {
                missing.computeIfAbsent(where, k -> new java.util.ArrayList<>()).add("bearer scopes " + Arrays.toString(roles));
            }
            boolean errorShape = operation.getResponses().entrySet().stream()
                    .anyMatch(response -> response.getKey().startsWith("4") && response.getValue().getContent() != null
                            && response.getValue().getContent().values().stream().allMatch(media -> media.getSchema() != null && media.getExamples() != null));
            if (!errorShape) {
                missing.computeIfAbsent(where, k -> new java.util.ArrayList<>()).add("a 4xx response with its schema and example");
            }
        }
        assertThat(missing).isEmpty();
        assertThat(api.getComponents().getSecuritySchemes().get("bearer").getScheme()).isEqualTo("bearer");
    }

    /**
     * The enums each surface's parser accepts. Parameters bound as method arguments (the seed surfaces) carry them
     * as schema enums; the native surfaces read the whole query map, so their parameters are declared on the method,
     * where Micronaut OpenAPI 6.20 keeps the description but drops the schema: there the description lists them.
     */
    @Test
    void parametersListWhatTheParsersAccept() {
        Operation clicks = operation("/api/v1/analytics/clicks", "GET");
        assertThat(allowed(clicks, "interval")).containsExactly("1h", "1d", "7d", "30d", "90d");
        assertThat(allowed(clicks, "groupBy")).containsExactly("day", "country", "device", "browser", "referrer");
        Schema<?> interval = parameter(clicks, "interval").getSchema();
        assertThat(interval.getDefault()).isEqualTo("1d");
        assertThat(allowed(operation("/api/v1/track/{type}", "POST"), "type")).containsExactly("click", "lead", "sale", "view");

        Operation analytics = operation("/api/v1/analytics", "GET");
        assertThat(parameter(analytics, "groupBy").getDescription())
                .contains("one of " + String.join(", ", Arrays.stream(GroupBy.values()).map(GroupBy::publicName).toList()) + "; default count");
        assertThat(parameter(analytics, "interval").getDescription())
                .contains("one of " + String.join(", ", Arrays.stream(IntervalPreset.values()).map(IntervalPreset::publicName).toList()));
        assertThat(parameter(analytics, "event").getDescription()).contains("one of clicks, leads, sales, composite, views");
        assertThat(Arrays.stream(EventKind.values()).map(EventKind::publicName).toList()).contains("clicks", "leads", "sales", "composite", "views");
        assertThat(parameter(analytics, "country").getIn()).isEqualTo("query");
        // The seed surface's example is the seed's own answer.
        Object seedExample = clicks.getResponses().get("200").getContent().get("application/json").getExamples().get("seed").getValue();
        assertThat(seedExample.toString()).contains("9156");
    }

    @Test
    void theDocsPageIsSwaggerUiServedByTally() {
        HttpAnswer page = HttpAnswer.send(client, HttpRequest.GET("/docs"));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("/docs/swagger-ui-bundle.js").doesNotContain("https://");
        HttpAnswer bundle = HttpAnswer.send(client, HttpRequest.GET("/docs/swagger-ui-bundle.js"));
        assertThat(bundle.status()).isEqualTo(200);
        assertThat(bundle.body().length()).isGreaterThan(100_000);
        assertThat(HttpAnswer.send(client, HttpRequest.GET("/docs/docs.js")).body()).contains("/openapi.yml");
        HttpAnswer unknown = HttpAnswer.send(client, HttpRequest.GET("/docs/..%2Fapplication.yml"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).doesNotContain("micronaut:");
    }

    private Operation operation(String path, String method) {
        PathItem item = api.getPaths().get(path);
        assertThat(item).as(path).isNotNull();
        Operation operation = item.readOperationsMap().get(PathItem.HttpMethod.valueOf(method));
        assertThat(operation).as(method + " " + path).isNotNull();
        return operation;
    }

    private static Parameter parameter(Operation operation, String name) {
        return operation.getParameters().stream().filter(p -> p.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no parameter " + name));
    }

    private static List<String> allowed(Operation operation, String name) {
        Schema<?> schema = parameter(operation, name).getSchema();
        return schema.getEnum().stream().map(String::valueOf).toList();
    }

    private static boolean leftOut(String path) {
        return LEFT_OUT.stream().anyMatch(path::startsWith);
    }

    /** {@code /{key:[A-Za-z0-9]…}} → {@code /{key}}; {@code /clickhouse/} → {@code /clickhouse}. */
    private static String normalized(String template) {
        String path = template.replaceAll("\\{([A-Za-z_]+):[^}]*}", "{$1}");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
