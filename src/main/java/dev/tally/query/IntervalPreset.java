package dev.tally.query;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * The seed's {@code interval} presets. Each fixes its granularity; {@code all_unfiltered} is the only one
 * that keeps bot traffic.
 */
public enum IntervalPreset {
    LAST_HOUR("1h", Granularity.HOUR),
    LAST_24_HOURS("24h", Granularity.HOUR),
    LAST_7_DAYS("7d", Granularity.DAY),
    LAST_30_DAYS("30d", Granularity.DAY),
    LAST_90_DAYS("90d", Granularity.DAY),
    MONTH_TO_DATE("mtd", Granularity.DAY),
    QUARTER_TO_DATE("qtd", Granularity.DAY),
    YEAR_TO_DATE("ytd", Granularity.MONTH),
    LAST_YEAR("1y", Granularity.MONTH),
    ALL("all", Granularity.MONTH),
    ALL_UNFILTERED("all_unfiltered", Granularity.MONTH);

    /** Where {@code all} starts: before the first event any Tally workspace can hold. */
    public static final Instant ALL_TIME_START = ZonedDateTime.of(2015, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).toInstant();

    private final String publicName;
    private final Granularity granularity;

    IntervalPreset(String publicName, Granularity granularity) {
        this.publicName = publicName;
        this.granularity = granularity;
    }

    public String publicName() {
        return publicName;
    }

    public Granularity granularity() {
        return granularity;
    }

    public boolean includesBots() {
        return this == ALL_UNFILTERED;
    }

    /** The unrounded start of the preset for the given moment in the query's zone. */
    public ZonedDateTime start(ZonedDateTime now) {
        return switch (this) {
            case LAST_HOUR -> now.minusHours(1);
            case LAST_24_HOURS -> now.minusHours(24);
            case LAST_7_DAYS -> now.minusDays(7);
            case LAST_30_DAYS -> now.minusDays(30);
            case LAST_90_DAYS -> now.minusDays(90);
            case MONTH_TO_DATE -> now.toLocalDate().withDayOfMonth(1).atStartOfDay(now.getZone());
            case QUARTER_TO_DATE -> now.toLocalDate().withDayOfMonth(1)
                    .withMonth(((now.getMonthValue() - 1) / 3) * 3 + 1).atStartOfDay(now.getZone());
            case YEAR_TO_DATE -> now.toLocalDate().withDayOfYear(1).atStartOfDay(now.getZone());
            case LAST_YEAR -> now.minusYears(1);
            case ALL, ALL_UNFILTERED -> ALL_TIME_START.atZone(now.getZone());
        };
    }

    public static Optional<IntervalPreset> fromPublicName(String name) {
        for (IntervalPreset preset : values()) {
            if (preset.publicName.equals(name)) {
                return Optional.of(preset);
            }
        }
        return Optional.empty();
    }
}
