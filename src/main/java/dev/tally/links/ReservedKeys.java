package dev.tally.links;

import java.util.Locale;
import java.util.Set;

/**
 * Keys a short link may not take because Tally answers that path itself on every host: a link with key
 * {@code dashboard} would never redirect, since {@code /dashboard} is the dashboard page. Compared without
 * case so that a key never differs from one of Tally's pages by case alone. {@code RouteKeysReservedTest}
 * fails when a route is added whose first path segment is missing here.
 */
public final class ReservedKeys {
    private static final Set<String> FIRST_PATH_SEGMENTS = Set.of(
            "api", "v1", "clicks", "views", "dashboard", "docs", "health", "metrics", "clickhouse");

    private ReservedKeys() {
    }

    public static boolean isReserved(String key) {
        return FIRST_PATH_SEGMENTS.contains(key.toLowerCase(Locale.ROOT));
    }
}
