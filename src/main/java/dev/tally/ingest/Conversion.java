package dev.tally.ingest;

/** What a lead or sale adds to a visit (all empty, and amount 0, for clicks and views); amounts in minor units. */
public record Conversion(String customerId, String eventName, long amount, String currency, String saleType, String invoiceId,
                         String paymentProcessor, String metadata) {
    /** Clicks and views. */
    public static final Conversion NONE = new Conversion("", "", 0, "", "", "", "", "");
}
