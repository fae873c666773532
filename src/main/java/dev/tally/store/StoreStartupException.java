package dev.tally.store;

/**
 * The store cannot start because of the machine or the configuration; the message is one line that says
 * what to fix, and {@code dev.tally.Application} prints just that line.
 */
public final class StoreStartupException extends RuntimeException {
    public StoreStartupException(String whatToFix) {
        super(whatToFix);
    }

    public StoreStartupException(String whatToFix, Throwable cause) {
        super(whatToFix, cause);
    }
}
