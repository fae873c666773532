package dev.tally.api.redirect;

import io.micronaut.core.annotation.Nullable;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The redirect's query-string handling: the QR marker {@code qr=1}, and appending to a destination URL. */
final class QueryStrings {
    private static final String QR_MARKER = "qr=1";

    private QueryStrings() {
    }

    static boolean hasQrMarker(@Nullable String rawQuery) {
        return rawQuery != null && Arrays.asList(rawQuery.split("&")).contains(QR_MARKER);
    }

    static @Nullable String withoutQrMarker(@Nullable String rawQuery) {
        if (rawQuery == null) {
            return null;
        }
        String rest = Arrays.stream(rawQuery.split("&")).filter(part -> !part.equals(QR_MARKER) && !part.isEmpty())
                .collect(Collectors.joining("&"));
        return rest.isEmpty() ? null : rest;
    }

    /** {@code url} with {@code rawQuery} added to its own query, before any fragment. */
    static String append(String url, @Nullable String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return url;
        }
        int hash = url.indexOf('#');
        String base = hash < 0 ? url : url.substring(0, hash);
        String fragment = hash < 0 ? "" : url.substring(hash);
        String separator = base.contains("?") ? (base.endsWith("?") || base.endsWith("&") ? "" : "&") : "?";
        return base + separator + rawQuery + fragment;
    }
}
