package dev.tally.store;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ClickHouse refused or failed a statement. Carries ClickHouse's numeric error code (0 when the engine
 * gave none) so callers can tell, say, a syntax error (62) from a timeout (159).
 */
public final class StoreException extends RuntimeException {
    private static final Pattern CODE = Pattern.compile("Code: (\\d+)");

    private final int code;

    public StoreException(int code, String message) {
        super(message);
        this.code = code;
    }

    public StoreException(int code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** Builds the exception from an engine message of the form {@code Code: 62. DB::Exception: …}. */
    public static StoreException fromEngineMessage(String message) {
        Matcher matcher = CODE.matcher(message);
        int code = matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
        return new StoreException(code, message.strip());
    }

    /** ClickHouse's error code, e.g. 60 for UNKNOWN_TABLE; 0 when unknown. */
    public int code() {
        return code;
    }
}
