package dev.tally.store;

/** A result column: its name and its ClickHouse type, e.g. {@code LowCardinality(String)}. */
public record Column(String name, String type) {
}
