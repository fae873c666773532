package dev.tally.ingest;

/** The link an event went through, as it was at that moment: its id, short domain and key, and the destination URL. */
public record EventLink(String linkId, String domain, String key, String url) {
    public static final EventLink NONE = new EventLink("", "", "", "");
}
