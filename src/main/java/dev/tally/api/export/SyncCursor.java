package dev.tally.api.export;

import dev.tally.query.ParameterError;
import dev.tally.query.QueryException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Where an incremental pull ended: an ingestion time, bound to one workspace. Opaque to clients
 * ({@code c1.<base64url>}); {@code 0} is the beginning. A cursor of another workspace is refused rather
 * than silently read as a time, so a misconfigured sync fails loudly.
 */
record SyncCursor(Instant ingestedAt) {
    static final String BEGINNING = "0";
    private static final String PREFIX = "c1.";

    static SyncCursor beginning() {
        return new SyncCursor(Instant.EPOCH);
    }

    String encode(String workspaceId) {
        String body = ingestedAt.toEpochMilli() + "." + workspaceTag(workspaceId);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(body.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads {@code value} given as the parameter {@code name}, or throws a 400 naming it. */
    static SyncCursor decode(String name, String value, String workspaceId) {
        if (value.equals(BEGINNING)) {
            return beginning();
        }
        String malformed = name + " must be a cursor from a previous pull's X-Tally-Next-Cursor header, or 0 for the beginning, got '"
                + (value.length() > 80 ? value.substring(0, 80) + "…" : value) + "'.";
        if (!value.startsWith(PREFIX)) {
            throw new QueryException(ParameterError.BAD_ENUM, name, malformed);
        }
        String body;
        try {
            body = new String(Base64.getUrlDecoder().decode(value.substring(PREFIX.length())), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new QueryException(ParameterError.BAD_ENUM, name, malformed);
        }
        String[] parts = body.split("\\.", -1);
        if (parts.length != 2 || !parts[0].matches("\\d{1,15}")) {
            throw new QueryException(ParameterError.BAD_ENUM, name, malformed);
        }
        if (!parts[1].equals(workspaceTag(workspaceId))) {
            throw new QueryException(ParameterError.BAD_ENUM, name, name + " is a cursor of another workspace; use the cursors of this key's workspace.");
        }
        return new SyncCursor(Instant.ofEpochMilli(Long.parseLong(parts[0])));
    }

    private static String workspaceTag(String workspaceId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("tally-sync-cursor:" + workspaceId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
