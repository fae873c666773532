package dev.tally.enrich;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** The five UTM parameters of a destination URL; empty strings for the absent ones. */
public record UtmParameters(String source, String medium, String campaign, String term, String content) {
    public static final UtmParameters NONE = new UtmParameters("", "", "", "", "");

    public static UtmParameters of(String url) {
        if (url == null || url.isBlank()) {
            return NONE;
        }
        String query;
        try {
            query = new URI(url.strip()).getRawQuery();
        } catch (URISyntaxException e) {
            return NONE;
        }
        if (query == null) {
            return NONE;
        }
        String source = "", medium = "", campaign = "", term = "", content = "";
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                continue;
            }
            String value;
            try {
                value = URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                value = pair.substring(equals + 1); // a stray '%': keep the raw text
            }
            switch (pair.substring(0, equals)) {
                case "utm_source" -> source = value;
                case "utm_medium" -> medium = value;
                case "utm_campaign" -> campaign = value;
                case "utm_term" -> term = value;
                case "utm_content" -> content = value;
                default -> {
                    // not a UTM parameter
                }
            }
        }
        return new UtmParameters(source, medium, campaign, term, content);
    }
}
