package dev.tally.api.export;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Map;

/**
 * What a bulk export job was asked, resolved once when it was created and persisted ({@code job.json}), so a
 * job resumed after a crash writes exactly what it would have: the range is fixed (a relative
 * {@code interval=30d} is not re-read), and so is the ingestion snapshot ({@code ingested_until}).
 *
 * @param filters        the request's filter parameters, re-read with the shared grammar on resume
 * @param start          the range's first instant (ISO 8601, UTC), inclusive
 * @param end            the range's end (ISO 8601, UTC), exclusive
 * @param ingested_until events ingested after this (ISO 8601, UTC) are not in the job: its settled bound
 */
@Serdeable
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
record ExportJobSpec(String id, String workspace_id, String format, String compression, String partition,
                     String time_zone, String start, String end, String ingested_until, long max_file_bytes,
                     Map<String, List<String>> filters, String created_at) {
}
