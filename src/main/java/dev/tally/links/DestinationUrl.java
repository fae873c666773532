package dev.tally.links;

import io.micronaut.core.annotation.Nullable;
import okhttp3.HttpUrl;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A link's destination in one canonical form, parsed the way browsers parse it (WHATWG, through OkHttp's
 * {@link HttpUrl}): the host lower-cased and in punycode, path, query and fragment percent-encoded, {@code \}
 * read as {@code /}, default ports and dot segments dropped. The form is pure ASCII, so what was checked is
 * byte for byte what a redirect sends as {@code Location} (ADR 0050).
 *
 * <p>Tricky: the check and the redirect must read the URL with the same rules. {@code java.net.URI} took
 * {@code https://evil.example\u65e5@good.example/} as host {@code good.example}, and the header encoder then
 * turned the non-ASCII character into {@code ?}, which a browser reads as the end of host {@code evil.example}.
 */
public final class DestinationUrl {
    public static final int MAX_LENGTH = 2048;
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private DestinationUrl() {
    }

    /** The canonical form of a destination a client gave, or an {@link LinkException.Reason#INVALID} exception. */
    public static String normalize(String raw) {
        String url = raw.strip();
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw invalid("url must not contain control characters (found U+%04X)".formatted((int) c));
            }
        }
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(url)) {
            throw invalid("url must be valid Unicode text (it contains a lone surrogate)");
        }
        String scheme = url.contains(":") ? url.substring(0, url.indexOf(':')) : "";
        if (!scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
            throw invalid("url must be an absolute http or https URL");
        }
        HttpUrl parsed = HttpUrl.parse(url);
        if (parsed == null) {
            throw invalid("url is not a valid URL (check its host)");
        }
        if (!parsed.encodedUsername().isEmpty() || !parsed.encodedPassword().isEmpty()) {
            throw invalid("url must not contain a user name or password (text before '@' in the host part)");
        }
        // HttpUrl leaves non-ASCII in the fragment as it is; the header must be ASCII, so encode it (UTF-8).
        String canonical = percentEncodeNonAscii(parsed.toString(), false);
        if (canonical.length() > MAX_LENGTH) {
            throw invalid("url must be at most " + MAX_LENGTH + " characters once encoded");
        }
        return canonical;
    }

    /**
     * The {@code Location} for a redirect to {@code storedUrl} with the request's raw query appended to the
     * URL's own query (before any fragment), in canonical ASCII form. Empty when the stored URL does not
     * read as a safe destination (a row written before URLs were normalised) or the result would leave
     * the stored URL's scheme and host.
     *
     * @param rawQuery the query as the request line carried it. Tricky: the server reads the request line as
     *                 ISO-8859-1, one char per byte, so a char up to U+00FF is a raw byte and is encoded as that
     *                 byte (UTF-8 sent by a browser comes back out as the same UTF-8).
     */
    public static Optional<String> withQuery(String storedUrl, @Nullable String rawQuery) {
        HttpUrl base = HttpUrl.parse(storedUrl);
        if (base == null || !base.encodedUsername().isEmpty() || !base.encodedPassword().isEmpty()) {
            return Optional.empty();
        }
        HttpUrl target = base;
        if (rawQuery != null && !rawQuery.isEmpty()) {
            rawQuery = percentEncodeNonAscii(rawQuery, true);
            String own = base.encodedQuery();
            String query = own == null || own.isEmpty() ? rawQuery : own.endsWith("&") ? own + rawQuery : own + "&" + rawQuery;
            target = base.newBuilder().encodedQuery(query).build();
        }
        String location = target.toString();
        HttpUrl check = HttpUrl.parse(location);
        boolean sameDestination = check != null && check.scheme().equals(base.scheme()) && check.host().equals(base.host())
                && check.port() == base.port() && check.encodedUsername().isEmpty() && check.encodedPassword().isEmpty();
        return sameDestination && isPrintableAscii(location) ? Optional.of(location) : Optional.empty();
    }

    private static String percentEncodeNonAscii(String text, boolean latin1IsByte) {
        StringBuilder encoded = new StringBuilder(text.length());
        text.codePoints().forEach(codePoint -> {
            if (codePoint < 0x80) {
                encoded.appendCodePoint(codePoint);
            } else if (latin1IsByte && codePoint <= 0xff) {
                encoded.append('%').append(HEX.formatHex(new byte[] {(byte) codePoint}));
            } else {
                for (byte b : Character.toString(codePoint).getBytes(StandardCharsets.UTF_8)) {
                    encoded.append('%').append(HEX.formatHex(new byte[] {b}));
                }
            }
        });
        return encoded.toString();
    }

    private static boolean isPrintableAscii(String text) {
        return text.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    private static LinkException invalid(String message) {
        return new LinkException(LinkException.Reason.INVALID, message);
    }
}
