package dev.tally.sql;

/** Each reason a rollup cannot answer a query exactly. */
public enum Refusal {
    /** Rollups hold whole hours; a minute series needs the raw table. */
    MINUTE_GRANULARITY,
    /** {@code start} or {@code end} falls inside an hour, which an hourly row cannot split. */
    RANGE_NOT_WHOLE_HOURS,
    /** The time zone is off UTC by a non-whole hour (Asia/Kolkata +05:30), so its buckets split UTC hours. */
    TIME_ZONE_NOT_WHOLE_HOURS,
    /** A filter on a dimension the rollup does not carry (e.g. a device filter on the geography rollup). */
    FILTER_NOT_CARRIED,
    /** The group-by dimension is not in the rollup. */
    GROUP_BY_NOT_CARRIED,
    /** The rollup keeps no unique-visitor state. */
    UNIQUE_VISITORS_NOT_CARRIED,
    /** {@code root} filters on the link key, which no rollup keeps. */
    ROOT_FILTER,
    /** Metadata search reads each lead's and sale's metadata. */
    METADATA_SEARCH
}
