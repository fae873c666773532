package dev.tally.sql;

import dev.tally.query.AnalyticsQuery;
import dev.tally.query.Dimension;
import dev.tally.query.EventType;
import dev.tally.query.Filter;
import dev.tally.query.Operator;
import dev.tally.query.RootFilter;

import java.util.ArrayList;
import java.util.List;

/**
 * The WHERE clause of every query, for one source. The workspace predicate is always the first one and
 * comes from the query's workspace id (the credential's), never from a filter.
 */
final class Predicates {
    private Predicates() {
    }

    static String where(AnalyticsQuery query, Source source, Parameters parameters) {
        List<String> parts = new ArrayList<>();
        WorkspaceScope workspace = WorkspaceScope.bind(parameters, query.workspaceId());
        parts.add(workspace.predicate());
        parts.add("event_type IN " + parameters.bind(Param.strings(query.event().eventTypes().stream().map(EventType::publicName).toList())));
        String time = SqlBuilder.timeColumn(source);
        parts.add(time + " >= " + parameters.bind(Param.dateTime64(query.range().start())));
        parts.add(time + " < " + parameters.bind(Param.dateTime64(query.range().end())));
        if (!query.includeBots()) {
            parts.add("NOT bot");
        }
        for (Filter filter : query.filters()) {
            parts.add(filter(filter, source, workspace, parameters));
        }
        switch (query.root()) {
            case ANY -> { }
            case ROOT_ONLY -> parts.add("key = " + parameters.bind(Param.string(RootFilter.ROOT_KEY)));
            case LINKS_ONLY -> parts.add("key != " + parameters.bind(Param.string(RootFilter.ROOT_KEY)));
        }
        if (!query.metadataSearch().isEmpty()) {
            parts.add("positionCaseInsensitiveUTF8(metadata, " + parameters.bind(Param.string(query.metadataSearch())) + ") > 0");
        }
        return String.join("\n  AND ", parts);
    }

    /** Rollups keep their dimensions under the events table's column names, so one predicate serves both. */
    private static String filter(Filter filter, Source source, WorkspaceScope workspace, Parameters parameters) {
        String in = filter.operator() == Operator.INCLUDE ? " IN " : " NOT IN ";
        Dimension dimension = filter.dimension();
        return switch (dimension.source()) {
            case EVENT -> dimension.column() + in + parameters.bind(Param.strings(filter.values()));
            // Tricky: link attributes change, so they are matched against the links table's current state
            // (FINAL keeps each link's latest version; a deleted link matches nothing), and excluding
            // means "not a link that currently has one of these", which keeps events of unknown links.
            case LINK -> "link_id" + in + "(SELECT id FROM links FINAL WHERE " + workspace.predicate()
                    + " AND NOT deleted AND " + linkAttribute(filter, parameters) + ")";
        };
    }

    private static String linkAttribute(Filter filter, Parameters parameters) {
        String values = parameters.bind(Param.strings(filter.values()));
        return filter.dimension() == Dimension.TAG_ID
                ? "hasAny(tag_ids, " + values + ")"
                : filter.dimension().column() + " IN " + values;
    }
}
