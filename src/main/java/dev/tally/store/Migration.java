package dev.tally.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One schema migration file, {@code NNNN_name.sql}: its version, name, statements and checksum. */
record Migration(int version, String name, List<String> statements, String checksum) {
    private static final Pattern FILE_NAME = Pattern.compile("(\\d{4})_([a-z0-9_]+)\\.sql");

    static Migration parse(String fileName, String script) {
        Matcher matcher = FILE_NAME.matcher(fileName);
        if (!matcher.matches()) {
            throw new StoreStartupException("migration file " + fileName + " is not named NNNN_name.sql");
        }
        if (!script.startsWith("--")) {
            throw new StoreStartupException("migration " + fileName + " must open with a -- line saying why it exists");
        }
        List<String> statements = SqlScript.statements(script);
        if (statements.isEmpty()) {
            throw new StoreStartupException("migration " + fileName + " holds no statement");
        }
        return new Migration(Integer.parseInt(matcher.group(1)), fileName, statements, sha256(script));
    }

    private static String sha256(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
