package dev.tally.links;

import java.security.SecureRandom;

/** Random base62 strings for link ids ({@code lnk_…}) and generated keys (7 characters). */
public final class RandomIds {
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    public static final int KEY_LENGTH = 7;

    private RandomIds() {
    }

    public static String base62(int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = BASE62[RANDOM.nextInt(BASE62.length)];
        }
        return new String(chars);
    }

    public static String linkId() {
        return "lnk_" + base62(24);
    }

    public static String key() {
        return base62(KEY_LENGTH);
    }
}
