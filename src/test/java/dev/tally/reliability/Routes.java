package dev.tally.reliability;

import io.micronaut.context.ApplicationContext;
import io.micronaut.web.router.Router;

import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Every HTTP route the running application serves, read from Micronaut's route table (so a new route is fuzzed without edits). */
record Routes(List<Route> all) {
    private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z_]+)(:[^}]*)?}");

    static Routes of(ApplicationContext context) {
        List<Route> routes = context.getBean(Router.class).uriRoutes()
                .map(route -> new Route(route.getHttpMethodName(), route.getUriMatchTemplate().toString()))
                .filter(route -> !route.template().startsWith("/api/v1/probe")) // test-only controllers
                .distinct().sorted(Comparator.comparing(Route::template).thenComparing(Route::method)).toList();
        return new Routes(routes);
    }

    /** One method and URI template, e.g. {@code GET /api/v1/analytics/{link_id}}. */
    record Route(String method, String template) {
        List<String> variables() {
            return VARIABLE.matcher(template).results().map(match -> match.group(1)).toList();
        }

        /** The path with each variable replaced by {@code values} in order (already percent-encoded). */
        String path(List<String> values) {
            Matcher matcher = VARIABLE.matcher(template);
            StringBuilder out = new StringBuilder();
            int i = 0;
            while (matcher.find()) {
                matcher.appendReplacement(out, Matcher.quoteReplacement(values.get(i++)));
            }
            matcher.appendTail(out);
            return out.toString();
        }

        @Override
        public String toString() {
            return method + " " + template;
        }
    }
}
