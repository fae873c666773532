package dev.tally.api.clicks;

import dev.tally.query.Dimension;
import dev.tally.query.SurfaceRules;

import java.util.List;

/** The two endpoints of seeds/000: what each counts, filters by, groups by and calls its count. */
enum ClicksSurface {
    CLICKS(SurfaceRules.CLICKS, "clicks", "linkId", Dimension.LINK_ID,
            List.of("day", "country", "device", "browser", "referrer"), List.of("1h", "1d", "7d", "30d", "90d")),
    // The seed lists no 90d interval and no browser grouping for views.
    VIEWS(SurfaceRules.VIEWS, "views", "pageId", Dimension.PAGE_ID,
            List.of("day", "referrer", "country", "device"), List.of("1h", "1d", "7d", "30d"));

    final SurfaceRules rules;
    final String countField;
    final String idParameter;
    final Dimension idDimension;
    final List<String> groupBys;
    final List<String> intervals;

    ClicksSurface(SurfaceRules rules, String countField, String idParameter, Dimension idDimension, List<String> groupBys,
                  List<String> intervals) {
        this.rules = rules;
        this.countField = countField;
        this.idParameter = idParameter;
        this.idDimension = idDimension;
        this.groupBys = groupBys;
        this.intervals = intervals;
    }
}
