package dev.tally.query;

/** Order of listed events by timestamp. */
public enum SortOrder {
    ASC, DESC
}
