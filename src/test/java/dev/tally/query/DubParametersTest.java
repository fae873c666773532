package dev.tally.query;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Dub's deprecated and inapplicable parameters, each with its one documented meaning; anything else unknown stays a 400. */
class DubParametersTest {
    private static final QueryParser PARSER = new QueryParser(Clock.fixed(Instant.parse("2026-03-15T12:00:00Z"), ZoneOffset.UTC));

    @Test
    void theSdksDefaultEventsListCallParses() {
        // What the published SDK sends on every events.list() call.
        AnalyticsQuery query = events("event", "clicks", "timezone", "UTC", "page", "1", "limit", "100", "sortOrder", "desc",
                "sortBy", "timestamp", "order", "desc");
        assertThat(query.sortOrder()).isEqualTo(SortOrder.DESC);
        assertThat(query.limit()).isEqualTo(100);
    }

    @Test
    void orderIsSortOrderUnlessSortOrderIsGiven() {
        assertThat(events("order", "asc").sortOrder()).isEqualTo(SortOrder.ASC);
        assertThat(events("order", "desc", "sortOrder", "asc").sortOrder()).isEqualTo(SortOrder.ASC);
        assertThatThrownBy(() -> events("order", "up")).hasMessage("order must be one of asc, desc, got 'up'.");
        assertThatThrownBy(() -> analytics("order", "asc")).hasMessage("Unknown parameter 'order'.");
    }

    @Test
    void qrIsATriggerFilterUnlessTriggerIsGiven() {
        assertThat(analytics("qr", "true").filters()).containsExactly(Filter.including(Dimension.TRIGGER, "qr"));
        assertThat(analytics("qr", "false").filters()).containsExactly(Filter.including(Dimension.TRIGGER, "link"));
        assertThat(analytics("qr", "true", "trigger", "pageview").filters()).containsExactly(Filter.including(Dimension.TRIGGER, "pageview"));
        assertThatThrownBy(() -> analytics("qr", "yes")).hasMessage("qr must be true or false, got 'yes'.");
    }

    @Test
    void programIdIsIgnoredAndPartnerTagsExcludeNothing() {
        assertThat(analytics("programId", "prog_1")).isEqualTo(analytics());
        assertThat(analytics("partnerTagId", "-ptag_1")).isEqualTo(analytics());
        assertThatThrownBy(() -> analytics("partnerTagId", "ptag_1"))
                .hasMessage("partnerTagId can match no event: Tally links have no partner tags (excluding them, '-ptag_1', is accepted).");
        assertThatThrownBy(() -> analytics("programId", "a", "programId", "b")).hasMessage("programId was given 2 times; pass it once.");
    }

    @Test
    void deprecatedGroupByNamesAreTheirCurrentOnes() {
        assertThat(analytics("groupBy", "trigger").groupBy()).isEqualTo(GroupBy.TRIGGERS);
        assertThat(analytics("groupBy", "top_link_tags").groupBy()).isEqualTo(GroupBy.TOP_TAGS);
        assertThat(analytics("groupBy", "top_partners").groupBy()).isEqualTo(GroupBy.TOP_PARTNERS);
        assertThat(analytics("groupBy", "top_groups").groupBy()).isEqualTo(GroupBy.TOP_GROUPS);
    }

    @Test
    void otherUnknownParametersStay400s() {
        assertThatThrownBy(() -> analytics("partnerTagIds", "ptag_1")).hasMessage("Unknown parameter 'partnerTagIds'.");
        assertThatThrownBy(() -> events("orderBy", "timestamp")).hasMessage("Unknown parameter 'orderBy'.");
    }

    private static AnalyticsQuery analytics(String... keysAndValues) {
        return parse(SurfaceRules.NATIVE_ANALYTICS, keysAndValues);
    }

    private static AnalyticsQuery events(String... keysAndValues) {
        return parse(SurfaceRules.EVENTS_LIST, keysAndValues);
    }

    private static AnalyticsQuery parse(SurfaceRules rules, String... keysAndValues) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            params.computeIfAbsent(keysAndValues[i], k -> new java.util.ArrayList<>()).add(keysAndValues[i + 1]);
        }
        return PARSER.parse(params, rules, "ws_1", ZoneId.of("UTC"));
    }
}
