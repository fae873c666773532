package dev.tally.query;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
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
    private final TimeZones timeZones;

    public QueryParser(Clock clock) {
        this(clock, TimeZones.withoutEngine());
    }

    /** @param timeZones the zones {@code timezone} may name: those the engine knows (see {@link TimeZones}) */
    public QueryParser(Clock clock, TimeZones timeZones) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeZones = Objects.requireNonNull(timeZones, "timeZones");
    }

    /**
     * @param parameters        the request's query parameters, each with every value it was given
     * @param rules             what the asking surface accepts
     * @param workspaceId       from the credential
     * @param workspaceTimeZone the default time zone when {@code timezone} is absent
     */
    public AnalyticsQuery parse(Map<String, List<String>> parameters, SurfaceRules rules, String workspaceId, ZoneId workspaceTimeZone) {
        Params params = new Params(DubParameters.normalize(parameters, rules));
        requireKnownParameters(params, rules);

        EventKind event = params.has("event")
                ? enumValue("event", params.single("event"), rules.events(), EventKind::publicName)
                : rules.events().getFirst();
        ZoneId zone = params.has("timezone") ? requireKnownTimeZone(params.single("timezone")) : workspaceTimeZone;
        IntervalPreset preset = params.has("interval")
                ? enumValue("interval", params.single("interval"), List.of(IntervalPreset.values()), IntervalPreset::publicName)
                : IntervalPreset.LAST_24_HOURS;
        Instant now = clock.instant();
        String start = params.has("start") ? params.single("start") : null;
        String end = params.has("end") ? params.single("end") : null;
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
            throw new QueryException(ParameterError.REPEATED_PARAMETER, "pageSize", "limit and pageSize are the same setting; pass one.");
        }
        requireLimitWithinMax(limitName, limit, limitMax);
        if (params.has("tagId") && params.has("tagIds")) {
            throw new QueryException(ParameterError.REPEATED_PARAMETER, "tagIds", "tagId and tagIds are the same filter; pass one.");
        }
        if (params.has("key") && !params.has("domain")) {
            throw new QueryException(ParameterError.MISSING_DEPENDENCY, "key", "key must be used together with domain.");
        }
        requireMetadataSearchApplies(metadataSearch, event);
        TimeRange range = RangeParser.range(rules.range(), start, end, preset, zone, now);
        // Tricky: a preset fixes its buckets only for its own range; once a bound is given the range decides,
        // so no range, however long, can ask for more than a few thousand buckets.
        Granularity granularity = start != null || end != null ? granularityFor(range) : preset.granularity();
        long offset = (long) (page - 1) * limit;
        if (offset > Integer.MAX_VALUE) {
            throw new QueryException(ParameterError.BAD_NUMBER, "page", "page " + page + " is beyond the last possible page.");
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
                throw new QueryException(ParameterError.UNKNOWN_PARAMETER, name, "Unknown parameter '" + name + "'.");
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

    ZoneId requireKnownTimeZone(String value) {
        return timeZones.find(value).orElseThrow(() -> new QueryException(ParameterError.UNKNOWN_TIME_ZONE, "timezone",
                "timezone must be an IANA time zone such as America/New_York, got '" + value + "'."));
    }

    private static void requireLimitWithinMax(String name, int limit, int max) {
        if (limit > max) {
            throw new QueryException(ParameterError.LIMIT_TOO_LARGE, name, name + " must be at most " + max + ", got " + limit + ".");
        }
    }

    private static void requireMetadataSearchApplies(String search, EventKind event) {
        if (search.isEmpty()) {
            return;
        }
        if (search.length() > MAX_METADATA_SEARCH) {
            throw new QueryException(ParameterError.VALUE_TOO_LONG, "query",
                    "query must be at most " + MAX_METADATA_SEARCH + " characters, got " + search.length() + ".");
        }
        switch (event) {
            case LEADS, SALES, COMPOSITE, ALL -> { }
            case CLICKS, VIEWS -> throw new QueryException(ParameterError.NOT_APPLICABLE, "query",
                    "query searches the metadata of leads and sales; use it with event=leads or event=sales.");
        }
    }

    // ---- parsers ----

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
            throw new QueryException(ParameterError.EMPTY_VALUE, name, name + " must name at least one value.");
        }
        return new Filter(dimension, operator, List.copyOf(values));
    }

    private static String checkedValue(Dimension dimension, String name, String value) {
        return switch (dimension.accepts()) {
            case FREE, SINGLE -> value;
            case COUNTRY_CODE -> {
                String code = value.toUpperCase(Locale.ROOT);
                if (!COUNTRIES.contains(code)) {
                    throw new QueryException(ParameterError.BAD_COUNTRY, name,
                            name + " must be 2-letter ISO 3166-1 country codes (e.g. US,GB), got '" + value + "'.");
                }
                yield code;
            }
            case CONTINENT_CODE -> {
                String code = value.toUpperCase(Locale.ROOT);
                if (!CONTINENTS.contains(code)) {
                    throw new QueryException(ParameterError.BAD_CONTINENT, name,
                            name + " must be one of " + String.join(", ", CONTINENTS) + ", got '" + value + "'.");
                }
                yield code;
            }
            case TRIGGER -> enumValue(name, value, TRIGGERS, s -> s);
            case SALE_TYPE -> enumValue(name, value, SALE_TYPES, s -> s);
            case EXTERNAL_ID -> {
                if (!value.startsWith("ext_") || value.length() == 4) {
                    throw new QueryException(ParameterError.BAD_ENUM, name,
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
            default -> throw new QueryException(ParameterError.BAD_ENUM, "root", "root must be true or false, got '" + value + "'.");
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
        throw new QueryException(ParameterError.BAD_NUMBER, name, name + " must be a positive integer, got '" + value + "'.");
    }

    private static <T> T enumValue(String name, String value, List<T> options, Function<T, String> publicName) {
        for (T option : options) {
            if (publicName.apply(option).equals(value)) {
                return option;
            }
        }
        throw new QueryException(ParameterError.BAD_ENUM, name, name + " must be one of "
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
                throw new QueryException(ParameterError.REPEATED_PARAMETER, name,
                        name + " is given " + values.size() + " times; list values once, comma-separated (" + name + "=a,b).");
            }
            String value = values.getFirst();
            if (value.isEmpty()) {
                throw new QueryException(ParameterError.EMPTY_VALUE, name, name + " must not be empty.");
            }
            return value;
        }
    }
}
