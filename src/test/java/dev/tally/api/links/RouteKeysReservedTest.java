package dev.tally.api.links;

import dev.tally.links.ReservedKeys;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Every literal first path segment of Tally's own routes that a link key could spell is a reserved key. */
@MicronautTest
class RouteKeysReservedTest {
    private static final Pattern KEY_SHAPED = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

    @Inject
    Router router;

    @Test
    void everyFirstPathSegmentOfARouteIsReserved() {
        Set<String> segments = new TreeSet<>();
        router.uriRoutes().map(route -> ((UriRouteInfo<?, ?>) route).getUriMatchTemplate().toString())
                .map(template -> template.replaceFirst("^/", "").split("/", 2)[0])
                .filter(segment -> KEY_SHAPED.matcher(segment).matches())
                .forEach(segments::add);
        assertThat(segments).contains("dashboard", "health", "api");
        assertThat(segments).allSatisfy(segment -> assertThat(ReservedKeys.isReserved(segment)).as(segment).isTrue());
    }
}
