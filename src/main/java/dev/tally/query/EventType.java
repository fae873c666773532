package dev.tally.query;

import java.util.Optional;

/**
 * The four tracked event types. The public name is what the API's {@code event} field says and what the
 * events table's {@code event_type} Enum8 stores; the Enum8's numbers are the {@code code}s.
 */
public enum EventType {
    CLICK("click", 1), LEAD("lead", 2), SALE("sale", 3), VIEW("view", 4);

    private final String publicName;
    private final int code;

    EventType(String publicName, int code) {
        this.publicName = publicName;
        this.code = code;
    }

    public String publicName() {
        return publicName;
    }

    /** The {@code event_type} Enum8 number (migration 0002). */
    public int code() {
        return code;
    }

    public static Optional<EventType> fromPublicName(String name) {
        for (EventType type : values()) {
            if (type.publicName.equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** Leads and sales follow a click and carry its attributes. */
    public boolean followsClick() {
        return switch (this) {
            case LEAD, SALE -> true;
            case CLICK, VIEW -> false;
        };
    }
}
