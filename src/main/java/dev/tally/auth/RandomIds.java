package dev.tally.auth;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Public ids: a type prefix and 96 random bits, so ids are unguessable and never collide in practice. */
final class RandomIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomIds() {
    }

    static String workspace() {
        return "ws_" + randomHex();
    }

    static String organization() {
        return "org_" + randomHex();
    }

    static String apiKey() {
        return "key_" + randomHex();
    }

    private static String randomHex() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
