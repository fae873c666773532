package dev.tally.enrich;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** A referer URL's host, which is what analytics groups referers by; {@code direct} when there is none. */
public final class Referers {
    public static final String DIRECT = "direct";

    private Referers() {
    }

    public static String host(String refererUrl) {
        if (refererUrl == null || refererUrl.isBlank()) {
            return DIRECT;
        }
        try {
            String host = new URI(refererUrl.strip()).getHost();
            if (host == null || host.isBlank()) {
                return DIRECT;
            }
            host = host.toLowerCase(Locale.ROOT);
            return host.startsWith("www.") ? host.substring(4) : host;
        } catch (URISyntaxException e) {
            return DIRECT;
        }
    }
}
