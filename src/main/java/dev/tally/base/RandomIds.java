package dev.tally.base;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Every public id Tally makes: a type prefix and enough random bits to be unguessable and never collide in
 * practice (96 bits of hex for workspaces, organizations and keys; 24 base62 characters for links), and the
 * short keys (slugs) of links.
 */
public final class RandomIds {
    /** Characters of a generated link key. */
    public static final int KEY_LENGTH = 7;
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomIds() {
    }

    public static String workspace() {
        return "ws_" + randomHex();
    }

    public static String organization() {
        return "org_" + randomHex();
    }

    public static String apiKey() {
        return "key_" + randomHex();
    }

    public static String linkId() {
        return "lnk_" + base62(24);
    }

    /** A generated link key (slug). */
    public static String key() {
        return base62(KEY_LENGTH);
    }

    public static String base62(int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = BASE62[RANDOM.nextInt(BASE62.length)];
        }
        return new String(chars);
    }

    private static String randomHex() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
