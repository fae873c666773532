package dev.tally.api.redirect;

import io.micronaut.core.annotation.Nullable;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The redirect's QR marker {@code qr=1} in a raw query string (appending to the destination is {@code links.DestinationUrl}'s). */
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
}
