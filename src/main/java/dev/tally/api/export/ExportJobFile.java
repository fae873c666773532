package dev.tally.api.export;

import io.micronaut.serde.annotation.Serdeable;

/**
 * One finished file of a bulk export job, as its manifest lists it.
 *
 * @param partition the partition's label (local date, or date and hour)
 * @param part      1-based; a partition over the size cap is split in {@code parts} files
 * @param sha256    of the file's bytes, lower-case hex
 */
@Serdeable
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
record ExportJobFile(String name, String partition, String partition_start, String partition_end, int part, int parts,
                     long rows, long bytes, String sha256) {
}
