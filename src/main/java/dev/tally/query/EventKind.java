package dev.tally.query;

import java.util.List;

/** Which events a query counts; {@code composite} is clicks, leads and sales together. */
public enum EventKind {
    CLICKS("clicks", List.of(EventType.CLICK)),
    LEADS("leads", List.of(EventType.LEAD)),
    SALES("sales", List.of(EventType.SALE)),
    VIEWS("views", List.of(EventType.VIEW)),
    COMPOSITE("composite", List.of(EventType.CLICK, EventType.LEAD, EventType.SALE)),
    /** Every event type, views included (exports). */
    ALL("all", List.of(EventType.CLICK, EventType.LEAD, EventType.SALE, EventType.VIEW));

    private final String publicName;
    private final List<EventType> eventTypes;

    EventKind(String publicName, List<EventType> eventTypes) {
        this.publicName = publicName;
        this.eventTypes = eventTypes;
    }

    public String publicName() {
        return publicName;
    }

    public List<EventType> eventTypes() {
        return eventTypes;
    }

    /** The metric rows are ordered by: the count of the asked event, sales by their amount. */
    public Metric orderMetric() {
        return switch (this) {
            case CLICKS, COMPOSITE, ALL -> Metric.CLICKS;
            case LEADS -> Metric.LEADS;
            case SALES -> Metric.SALE_AMOUNT;
            case VIEWS -> Metric.VIEWS;
        };
    }
}
