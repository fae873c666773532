package dev.tally.bi;

/** The BI endpoint refuses a request: a ClickHouse error code and a message saying what to change. */
public final class BiRefusal extends RuntimeException {
    private final BiError error;

    public BiRefusal(BiError error, String message) {
        super(message);
        this.error = error;
    }

    public BiError error() {
        return error;
    }

    static BiRefusal denied(String message) {
        return new BiRefusal(BiError.ACCESS_DENIED, message);
    }
}
