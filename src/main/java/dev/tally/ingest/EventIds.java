package dev.tally.ingest;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids for events sent without one: {@code evt_} and 22 base62 characters (131 random bits). Uniqueness,
 * not secrecy, is what they need, so they come from a thread-local generator rather than SecureRandom,
 * whose shared native source was the ingest path's hottest lock.
 */
final class EventIds {
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private EventIds() {
    }

    static String random() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] chars = new char[26];
        chars[0] = 'e';
        chars[1] = 'v';
        chars[2] = 't';
        chars[3] = '_';
        for (int i = 4; i < chars.length; i++) {
            chars[i] = BASE62[random.nextInt(BASE62.length)];
        }
        return new String(chars);
    }
}
