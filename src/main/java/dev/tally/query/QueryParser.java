package dev.tally.query;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a surface's raw parameters into a valid {@link AnalyticsQuery}: first each parameter is parsed into
 * a typed part (or a precise {@link QueryException}), then cross-parameter checks run, then the query is
 * built and normalised. Nothing downstream re-checks input.
 */
public final class QueryParser {
    public static final int MAX_METADATA_SEARCH = 10_000;
    private static final Set<String> COUNTRIES = Set.copyOf(Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA2));
    private static final List<String> CONTINENTS = List.of("AF", "AN", "AS", "EU", "NA", "OC", "SA");
    private static final List<String> TRIGGERS = List.of("qr", "link", "pageview");
    private static final List<String> SALE_TYPES = List.of("new", "recurring");
    private static final Set<String> COMMON = Set.of("event", "interval", "start", "end", "timezone", "limit", "root", "query", "tagIds");
    private static final Set<String> GROUP_BY = Set.of("groupBy");
    private static final Set<String> PAGING = Set.of("page", "pageSize", "sortBy", "sortOrder");

    private final Clock clock;

    public QueryParser(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param parameters        the request's query parameters, each with every value it was given
     * @param rules             what the asking surface accepts
     * @param workspaceId       from the credential
     * @param workspaceTimeZone the default time zone when {@code timezone} is absent
     */
    public AnalyticsQuery parse(Map<String, List<String>> parameters, SurfaceRules rules, String workspaceId, ZoneId workspaceTimeZone) {
        Params params = new Params(parameters);
        requireKnownParameters(params, rules);

        EventKind event = params.has("event")
                ? enumValue("event", params.single("event"), rules.events(), EventKind::publicName)
                : rules.events().getFirst();
        ZoneId zone = params.has("timezone") ? requireKnownTimeZone(params.single("timezone")) : workspaceTimeZone;
        IntervalPreset preset = params.has("interval")
                ? enumValue("interval", params.single("interval"), List.of(IntervalPreset.values()), IntervalPreset::publicName)
                : IntervalPreset.LAST_24_HOURS;
        Instant now = clock.instant();
        Instant start = params.has("start") ? parseDate("start", params.single("start"), zone) : null;
        Instant end = params.has("end") ? parseDate("end", params.single("end"), zone) : null;
        List<Filter> filters = new ArrayList<>();
        for (Dimension dimension : Dimension.values()) {
            String name = dimension == Dimension.TAG_ID && params.has("tagIds") ? "tagIds" : dimension.parameter();
            if (params.has(name)) {
                filters.add(parseFilter(dimension, name, params.single(name)));
            }
        }
        RootFilter root = params.has("root") ? parseRoot(params.single("root")) : RootFilter.ANY;
        String metadataSearch = params.has("query") ? params.single("query") : "";
        GroupBy groupBy = params.has("groupBy")
                ? enumValue("groupBy", params.single("groupBy"), List.of(GroupBy.values()), GroupBy::publicName)
                : GroupBy.COUNT;
        int limitMax = rules.maxLimit();
        String limitName = params.has("pageSize") ? "pageSize" : "limit";
        int limit = params.has(limitName) ? positiveInt(limitName, params.single(limitName)) : rules.defaultLimit();
        int page = params.has("page") ? positiveInt("page", params.single("page")) : 1;
        SortOrder sortOrder = params.has("sortOrder")
                ? enumValue("sortOrder", params.single("sortOrder"), List.of(SortOrder.values()), o -> o.name().toLowerCase(Locale.ROOT))
                : SortOrder.DESC;
        if (params.has("sortBy")) {
            enumValue("sortBy", params.single("sortBy"), List.of("timestamp"), s -> s);
        }

        // Cross-parameter checks.
        if (params.has("limit") && params.has("pageSize")) {
            throw new QueryException(ErrorCode.REPEATED_PARAMETER, "pageSize", "limit and pageSize are the same setting; pass one.");
        }
        requireLimitWithinMax(limitName, limit, limitMax);
        if (params.has("tagId") && params.has("tagIds")) {
            throw new QueryException(ErrorCode.REPEATED_PARAMETER, "tagIds", "tagId and tagIds are the same filter; pass one.");
        }
        if (params.has("key") && !params.has("domain")) {
            throw new QueryException(ErrorCode.MISSING_DEPENDENCY, "key", "key must be used together with domain.");
        }
        requireMetadataSearchApplies(metadataSearch, event);
        TimeRange range = requireOrderedRange(preset, start, end, now, zone);
        requireRangeWithinLimit(range, start != null, rules.maxRange());
        Granularity granularity = start != null ? granularityFor(range) : preset.granularity();
        long offset = (long) (page - 1) * limit;
        if (offset > Integer.MAX_VALUE) {
            throw new QueryException(ErrorCode.BAD_NUMBER, "page", "page " + page + " is beyond the last possible page.");
        }

        AnalyticsQuery query = new AnalyticsQuery(workspaceId, event, range, zone, granularity,
                start == null && preset.includesBots(), filters, root, metadataSearch, groupBy,
                defaultMetrics(event, groupBy), limit, (int) offset, sortOrder);
        return query.normalized();
    }

    /** Every metric a native answer carries; uniques only on {@code count}, where a small rollup holds their state. */
    public static Set<Metric> defaultMetrics(EventKind event, GroupBy groupBy) {
        Set<Metric> metrics = EnumSet.of(Metric.CLICKS, Metric.LEADS, Metric.SALES, Metric.SALE_AMOUNT);
        if (event == EventKind.VIEWS) {
            metrics.add(Metric.VIEWS);
        }
        if (groupBy == GroupBy.COUNT) {
            metrics.add(Metric.UNIQUE_VISITORS);
        }
        return metrics;
    }

    /** Custom ranges: hours up to 2 days, days up to 180 days, months beyond. */
    static Granularity granularityFor(TimeRange range) {
        Duration length = Duration.between(range.start(), range.end());
        if (length.compareTo(Duration.ofDays(2)) <= 0) {
            return Granularity.HOUR;
        }
        return length.compareTo(Duration.ofDays(180)) <= 0 ? Granularity.DAY : Granularity.MONTH;
    }

    // ---- named checks ----

    private static void requireKnownParameters(Params params, SurfaceRules rules) {
        for (String name : params.names()) {
            boolean known = COMMON.contains(name)
                    || (rules.groupBy() && GROUP_BY.contains(name))
                    || (rules.paging() && PAGING.contains(name))
                    || isDimensionParameter(name);
            if (!known) {
                throw new QueryException(ErrorCode.UNKNOWN_PARAMETER, name, "Unknown parameter '" + name + "'.");
            }
        }
    }

    private static boolean isDimensionParameter(String name) {
        for (Dimension dimension : Dimension.values()) {
            if (dimension.parameter().equals(name)) {
                return true;
            }
        }
        return false;
    }

    static ZoneId requireKnownTimeZone(String value) {
        try {
            // Tricky: ZoneId.of also accepts fixed offsets ("+05:30", "UTC+3"); ClickHouse wants IANA names,
            // so only region ids from the tz database (and UTC) pass.
            if (!value.equals("UTC") && !ZoneId.getAvailableZoneIds().contains(value)) {
                throw new DateTimeException(value);
            }
            return ZoneId.of(value);
        } catch (DateTimeException e) {
            throw new QueryException(ErrorCode.UNKNOWN_TIME_ZONE, "timezone",
                    "timezone must be an IANA time zone such as America/New_York, got '" + value + "'.");
        }
    }

    private static void requireRangeWithinLimit(TimeRange range, boolean custom, Duration max) {
        Duration length = Duration.between(range.start(), range.end());
        if (custom && length.compareTo(max) > 0) {
            throw new QueryException(ErrorCode.RANGE_TOO_LARGE, "start",
                    "the range from start to end must be at most " + max.toDays() + " days, got " + length.toDays() + " days.");
        }
    }

    private static void requireLimitWithinMax(String name, int limit, int max) {
        if (limit > max) {
            throw new QueryException(ErrorCode.LIMIT_TOO_LARGE, name, name + " must be at most " + max + ", got " + limit + ".");
        }
    }

    private static void requireMetadataSearchApplies(String search, EventKind event) {
        if (search.isEmpty()) {
            return;
        }
        if (search.length() > MAX_METADATA_SEARCH) {
            throw new QueryException(ErrorCode.VALUE_TOO_LONG, "query",
                    "query must be at most " + MAX_METADATA_SEARCH + " characters, got " + search.length() + ".");
        }
        switch (event) {
            case LEADS, SALES, COMPOSITE, ALL -> { }
            case CLICKS, VIEWS -> throw new QueryException(ErrorCode.NOT_APPLICABLE, "query",
                    "query searches the metadata of leads and sales; use it with event=leads or event=sales.");
        }
    }

    private static TimeRange requireOrderedRange(IntervalPreset preset, Instant start, Instant end, Instant now, ZoneId zone) {
        Instant effectiveEnd;
        Instant effectiveStart;
        if (start != null) {
            effectiveStart = start;
            effectiveEnd = end != null ? end : now;
        } else {
            // Tricky: presets cover whole hours of the query's zone, [floor(now - interval), ceil(now)), so that
            // every bucket of the answer is whole and the hourly rollups can answer them exactly.
            ZonedDateTime zonedNow = now.atZone(zone);
            effectiveStart = preset.start(zonedNow).truncatedTo(ChronoUnit.HOURS).toInstant();
            effectiveEnd = end != null ? end : zonedNow.truncatedTo(ChronoUnit.HOURS).plusHours(1).toInstant();
        }
        if (!effectiveEnd.isAfter(effectiveStart)) {
            String parameter = end != null ? "end" : "start";
            throw new QueryException(ErrorCode.END_BEFORE_START, parameter,
                    "end (" + effectiveEnd + ") must be after start (" + effectiveStart + ").");
        }
        return new TimeRange(effectiveStart, effectiveEnd);
    }

    // ---- parsers ----

    /** ISO 8601: an instant with offset or {@code Z}, or a local date-time or date read in the query's zone. */
    static Instant parseDate(String name, String value, ZoneId zone) {
        try {
            if (value.length() <= 10) {
                return LocalDate.parse(value).atStartOfDay(zone).toInstant();
            }
            if (value.endsWith("Z") || value.matches(".*[+-]\\d\\d(:?\\d\\d)?$")) {
                return OffsetDateTime.parse(value).toInstant();
            }
            return LocalDateTime.parse(value).atZone(zone).toInstant();
        } catch (DateTimeException e) {
            throw new QueryException(ErrorCode.BAD_DATE, name,
                    name + " must be an ISO 8601 date or date-time (e.g. 2026-01-31 or 2026-01-31T12:00:00Z), got '" + value + "'.");
        }
    }

    private static Filter parseFilter(Dimension dimension, String name, String raw) {
        if (dimension.accepts() == Dimension.Values.SINGLE) {
            return new Filter(dimension, Operator.INCLUDE, List.of(raw));
        }
        Operator operator = raw.startsWith("-") ? Operator.EXCLUDE : Operator.INCLUDE;
        String list = operator == Operator.EXCLUDE ? raw.substring(1) : raw;
        LinkedHashSet<String> values = new LinkedHashSet<>();
        for (String item : list.split(",", -1)) {
            String value = item.strip();
            if (!value.isEmpty()) {
                values.add(checkedValue(dimension, name, value));
            }
        }
        if (values.isEmpty()) {
            throw new QueryException(ErrorCode.EMPTY_VALUE, name, name + " must name at least one value.");
        }
        return new Filter(dimension, operator, List.copyOf(values));
    }

    private static String checkedValue(Dimension dimension, String name, String value) {
        return switch (dimension.accepts()) {
            case FREE, SINGLE -> value;
            case COUNTRY_CODE -> {
                String code = value.toUpperCase(Locale.ROOT);
                if (!COUNTRIES.contains(code)) {
                    throw new QueryException(ErrorCode.BAD_COUNTRY, name,
                            name + " must be 2-letter ISO 3166-1 country codes (e.g. US,GB), got '" + value + "'.");
                }
                yield code;
            }
            case CONTINENT_CODE -> {
                String code = value.toUpperCase(Locale.ROOT);
                if (!CONTINENTS.contains(code)) {
                    throw new QueryException(ErrorCode.BAD_CONTINENT, name,
                            name + " must be one of " + String.join(", ", CONTINENTS) + ", got '" + value + "'.");
                }
                yield code;
            }
            case TRIGGER -> enumValue(name, value, TRIGGERS, s -> s);
            case SALE_TYPE -> enumValue(name, value, SALE_TYPES, s -> s);
            case EXTERNAL_ID -> {
                if (!value.startsWith("ext_") || value.length() == 4) {
                    throw new QueryException(ErrorCode.BAD_ENUM, name,
                            name + " must be prefixed with 'ext_' (e.g. ext_123), got '" + value + "'.");
                }
                yield value.substring(4);
            }
        };
    }

    private static RootFilter parseRoot(String value) {
        return switch (value) {
            case "true" -> RootFilter.ROOT_ONLY;
            case "false" -> RootFilter.LINKS_ONLY;
            default -> throw new QueryException(ErrorCode.BAD_ENUM, "root", "root must be true or false, got '" + value + "'.");
        };
    }

    private static int positiveInt(String name, String value) {
        try {
            int number = Integer.parseInt(value);
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException e) {
            // falls through to the precise message
        }
        throw new QueryException(ErrorCode.BAD_NUMBER, name, name + " must be a positive integer, got '" + value + "'.");
    }

    private static <T> T enumValue(String name, String value, List<T> options, java.util.function.Function<T, String> publicName) {
        for (T option : options) {
            if (publicName.apply(option).equals(value)) {
                return option;
            }
        }
        throw new QueryException(ErrorCode.BAD_ENUM, name, name + " must be one of "
                + options.stream().map(publicName).collect(Collectors.joining(", ")) + ", got '" + value + "'.");
    }

    /** The raw parameters, each given at most once and never empty. */
    private record Params(Map<String, List<String>> raw) {
        List<String> names() {
            return List.copyOf(raw.keySet());
        }

        boolean has(String name) {
            return raw.containsKey(name);
        }

        String single(String name) {
            List<String> values = raw.get(name);
            if (values.size() != 1) {
                throw new QueryException(ErrorCode.REPEATED_PARAMETER, name,
                        name + " is given " + values.size() + " times; list values once, comma-separated (" + name + "=a,b).");
            }
            String value = values.getFirst();
            if (value.isEmpty()) {
                throw new QueryException(ErrorCode.EMPTY_VALUE, name, name + " must not be empty.");
            }
            return value;
        }
    }
}
