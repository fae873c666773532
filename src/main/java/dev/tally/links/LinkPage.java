package dev.tally.links;

import java.util.List;

/** One page of a links list, and whether another page follows. */
public record LinkPage(List<Link> links, boolean hasMore) {
    public LinkPage {
        links = List.copyOf(links);
    }
}
