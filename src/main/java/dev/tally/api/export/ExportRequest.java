package dev.tally.api.export;

import dev.tally.query.ParameterError;
import dev.tally.query.QueryException;
import dev.tally.store.Compression;
import dev.tally.store.ExportFormat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The export's own parameters ({@code format}, {@code compression}, {@code after}, {@code until}), taken out
 * of the request before the rest goes to the shared filter grammar.
 *
 * @param format      from {@code format}, else from {@code Accept}, else CSV
 * @param compression of text formats; binary formats compress inside
 * @param after       the raw cursor of an incremental pull
 * @param until       the raw cursor ending it (repeats an earlier pull exactly)
 * @param filters     every other parameter, for {@code QueryParser}
 */
record ExportRequest(ExportFormat format, Compression compression, Optional<String> after, Optional<String> until,
                     Map<String, List<String>> filters) {
    private static final List<String> NOT_WITH_AFTER = List.of("start", "end", "interval");

    static ExportRequest parse(Map<String, List<String>> parameters, List<String> accept) {
        Map<String, List<String>> rest = new LinkedHashMap<>(parameters);
        for (String refused : List.of("limit", "page", "pageSize", "sortBy", "sortOrder")) {
            if (rest.containsKey(refused)) {
                throw new QueryException(ParameterError.UNKNOWN_PARAMETER, refused,
                        "Unknown parameter '" + refused + "': an export has no row cap and no pages; it streams every matching event.");
            }
        }
        Optional<String> formatName = single(rest, "format");
        ExportFormat format = formatName.map(name -> choice("format", name, ExportFormat.values(), ExportRequest::publicName))
                .orElseGet(() -> fromAccept(accept));
        Compression compression = single(rest, "compression")
                .map(name -> choice("compression", name, Compression.values(), Compression::clickHouseName))
                .orElse(Compression.NONE);
        if (compression != Compression.NONE && !format.text()) {
            throw new QueryException(ParameterError.NOT_APPLICABLE, "compression", "compression applies to csv, tsv and ndjson; "
                    + publicName(format) + " compresses inside the file (" + (format == ExportFormat.PARQUET ? "zstd" : "lz4_frame") + ").");
        }
        Optional<String> after = single(rest, "after");
        Optional<String> until = single(rest, "until");
        if (until.isPresent() && after.isEmpty()) {
            throw new QueryException(ParameterError.MISSING_DEPENDENCY, "until", "until must be used together with after.");
        }
        if (after.isPresent()) {
            for (String name : NOT_WITH_AFTER) {
                if (rest.containsKey(name)) {
                    throw new QueryException(ParameterError.NOT_APPLICABLE, name, name + " does not apply with after: an incremental pull"
                            + " reads by ingestion time, every event ingested after the cursor whatever its timestamp.");
                }
            }
        }
        return new ExportRequest(format, compression, after, until, rest);
    }

    static String publicName(ExportFormat format) {
        return format.name().toLowerCase(Locale.ROOT);
    }

    private static ExportFormat fromAccept(List<String> accept) {
        for (String header : accept) {
            for (String range : header.split(",")) {
                String type = range.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
                for (ExportFormat format : ExportFormat.values()) {
                    if (format.mediaType().equals(type)) {
                        return format;
                    }
                }
            }
        }
        return ExportFormat.CSV;
    }

    /** Takes {@code name} out of {@code parameters}: given once and not empty, or absent. */
    static Optional<String> single(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.remove(name);
        if (values == null) {
            return Optional.empty();
        }
        if (values.size() != 1) {
            throw new QueryException(ParameterError.REPEATED_PARAMETER, name, name + " is given " + values.size() + " times; pass it once.");
        }
        if (values.getFirst().isEmpty()) {
            throw new QueryException(ParameterError.EMPTY_VALUE, name, name + " must not be empty.");
        }
        return Optional.of(values.getFirst());
    }

    private static <T> T choice(String name, String value, T[] options, Function<T, String> publicName) {
        for (T option : options) {
            if (publicName.apply(option).equals(value)) {
                return option;
            }
        }
        throw new QueryException(ParameterError.BAD_ENUM, name, name + " must be one of "
                + Stream.of(options).map(publicName).collect(Collectors.joining(", ")) + ", got '" + value + "'.");
    }
}
