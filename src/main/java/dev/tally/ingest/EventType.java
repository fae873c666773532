package dev.tally.ingest;

import java.util.Optional;

/** The four tracked event types, with the public names the API and the {@code events.event_type} enum use. */
public enum EventType {
    CLICK("click"), LEAD("lead"), SALE("sale"), VIEW("view");

    private final String publicName;

    EventType(String publicName) {
        this.publicName = publicName;
    }

    public String publicName() {
        return publicName;
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
