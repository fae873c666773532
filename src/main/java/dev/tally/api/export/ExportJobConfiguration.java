package dev.tally.api.export;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.nio.file.Path;

/**
 * Bulk export jobs ({@code POST /api/v1/exports}).
 *
 * @param directory      where jobs keep their state and files; absent ⇒ {@code export-jobs/} in the data directory ({@code exports/} is the engine's scratch folder, swept at start)
 * @param concurrency    jobs written at once; each holds one export connection while it writes a file
 * @param maxFileBytes   the largest file a job writes unless asked for less; a bigger partition is split in parts
 * @param maxPartitions  the most partitions one job may have (a 400 naming {@code partition} beyond)
 * @param retention      how long a finished (completed or failed) job and its files are kept after it finished;
 *                       the sweep ({@code sweepInterval}) deletes older ones (docs/adr/0132)
 * @param sweepInterval  how often the retention sweep runs
 */
@ConfigurationProperties(ExportJobConfiguration.PREFIX)
public record ExportJobConfiguration(
        @Nullable Path directory,
        @Bindable(defaultValue = "1") int concurrency,
        @Bindable(defaultValue = "1073741824") long maxFileBytes,
        @Bindable(defaultValue = "10000") int maxPartitions,
        @Bindable(defaultValue = "7d") java.time.Duration retention,
        @Bindable(defaultValue = "1h") java.time.Duration sweepInterval) {

    public static final String PREFIX = "tally.export.jobs";
    /** The smallest cap a request may ask for. */
    public static final long MIN_FILE_BYTES = 4096;
}
