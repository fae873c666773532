package dev.tally.api.error;

import java.util.regex.Pattern;

/**
 * A seed surface's error format, claiming the request paths that match one pattern; formats are asked in
 * {@code order} (lower first), so a narrower pattern takes precedence over a wider one.
 */
public abstract class PathErrorFormat implements ErrorFormat {
    private final Pattern paths;
    private final int order;

    protected PathErrorFormat(String pathPattern, int order) {
        this.paths = Pattern.compile(pathPattern);
        this.order = order;
    }

    @Override
    public final boolean appliesTo(String path) {
        return paths.matcher(path).matches();
    }

    @Override
    public final int getOrder() {
        return order;
    }
}
