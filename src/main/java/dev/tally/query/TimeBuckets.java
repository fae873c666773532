package dev.tally.query;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/** Every bucket start of a range in its zone, so a timeseries answers every bucket, zero-filled. */
public final class TimeBuckets {
    /**
     * A last line of defence: the parsers bound every range and pick buckets from its length (at most a few
     * thousand), so a series this long means a bug, and it fails before it fills the heap.
     */
    public static final int MAX_BUCKETS = 100_000;

    private TimeBuckets() {
    }

    /**
     * Tricky: the first bucket is the one holding {@code start}, so it can begin before it, and buckets
     * step in local time: across a DST change a day bucket is 23 or 25 hours, never a duplicate.
     */
    public static List<Instant> of(AnalyticsQuery query) {
        List<Instant> starts = new ArrayList<>();
        ZonedDateTime bucket = query.granularity().floor(query.range().start().atZone(query.timeZone()));
        while (bucket.toInstant().isBefore(query.range().end())) {
            starts.add(bucket.toInstant());
            if (starts.size() > MAX_BUCKETS) {
                throw new IllegalArgumentException("more than " + MAX_BUCKETS + " buckets in " + query.range());
            }
            bucket = query.granularity().next(bucket);
        }
        return starts;
    }
}
