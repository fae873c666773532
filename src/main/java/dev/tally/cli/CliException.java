package dev.tally.cli;

/**
 * A failure the user can act on: one line saying what went wrong and what to change, and the exit code
 * that classifies it (the README's table).
 */
final class CliException extends RuntimeException {
    /** The server failed (5xx), or an import it ran failed. */
    static final int SERVER_FAILED = 1;
    /** Options or arguments are missing or wrong (picocli's own code for usage errors). */
    static final int USAGE = 2;
    /** No Tally answers at the URL. */
    static final int UNREACHABLE = 3;
    /** The key or admin token was refused (401) or lacks the right (403). */
    static final int NOT_AUTHORIZED = 4;
    /** The server refused the request (another 4xx); the message is the server's. */
    static final int REFUSED = 5;
    /** A local file could not be read or written. */
    static final int LOCAL_IO = 6;

    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
