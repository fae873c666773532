package dev.tally.runner;

/** The result cache's counts since start: answers served from it, answers computed, entries held now. */
public record CacheStats(long hits, long misses, long size) {
}
