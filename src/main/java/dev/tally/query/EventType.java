package dev.tally.query;

/** The stored {@code event_type} values of the events table. */
public enum EventType {
    CLICK("click"), LEAD("lead"), SALE("sale"), VIEW("view");

    private final String stored;

    EventType(String stored) {
        this.stored = stored;
    }

    /** The value of the {@code event_type} Enum8 column. */
    public String stored() {
        return stored;
    }
}
