package dev.tally.links;

/** A link request that can't be done, with the reason the API reports. */
public final class LinkException extends RuntimeException {
    /** Why, mapped to an HTTP status at the edge. */
    public enum Reason { INVALID, NOT_FOUND, CONFLICT }

    private final Reason reason;

    public LinkException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public static LinkException notFound(String id) {
        return new LinkException(Reason.NOT_FOUND, "link '" + id + "' not found");
    }
}
