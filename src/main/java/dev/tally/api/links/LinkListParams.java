package dev.tally.api.links;

import dev.tally.links.LinkException;
import dev.tally.links.LinkFilter;
import io.micronaut.http.HttpParameters;

import java.util.Set;

/** The links list's query parameters, checked: unknown names and bad page numbers are precise 400s. */
final class LinkListParams {
    static final int DEFAULT_PAGE_SIZE = 100;
    static final int MAX_PAGE_SIZE = 100;
    private static final Set<String> KNOWN = Set.of("domain", "tag_id", "folder_id", "tenant_id", "search", "page", "page_size");

    private LinkListParams() {
    }

    static LinkFilter parse(HttpParameters parameters) {
        for (String name : parameters.names()) {
            if (!KNOWN.contains(name)) {
                throw invalid("unknown parameter '" + name + "'; known: domain, tag_id, folder_id, tenant_id, search, page, page_size");
            }
        }
        int page = positive(parameters.get("page"), "page", 1, Integer.MAX_VALUE);
        int pageSize = positive(parameters.get("page_size"), "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
        return new LinkFilter(parameters.get("domain"), parameters.get("tag_id"), parameters.get("folder_id"),
                parameters.get("tenant_id"), parameters.get("search"), page, pageSize);
    }

    private static int positive(String text, String name, int fallback, int max) {
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text);
            if (value < 1 || value > max) {
                throw invalid(name + " must be between 1 and " + max + ", not " + text);
            }
            return value;
        } catch (NumberFormatException e) {
            throw invalid(name + " must be a whole number, not '" + text + "'");
        }
    }

    private static LinkException invalid(String message) {
        return new LinkException(LinkException.Reason.INVALID, message);
    }
}
