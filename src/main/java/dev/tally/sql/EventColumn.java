package dev.tally.sql;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The columns of the {@code events} table (migration 0002) that ingest writes, in the order it writes them:
 * the one definition of the insert's column list. The RowBinary encoder switches over these exhaustively, so
 * a column added here cannot be left unencoded; the rest of the table's columns take their defaults.
 */
public enum EventColumn {
    WORKSPACE_ID, EVENT_ID, EVENT_TYPE, TIMESTAMP, LINK_ID, PAGE_ID, DOMAIN, KEY, URL, CLICK_ID, TRIGGER,
    COUNTRY, REGION, CITY, CONTINENT, DEVICE, BROWSER, OS, BOT, REFERER, REFERER_URL,
    UTM_SOURCE, UTM_MEDIUM, UTM_CAMPAIGN, UTM_TERM, UTM_CONTENT, IP_HASH,
    CUSTOMER_ID, EVENT_NAME, AMOUNT, CURRENCY, SALE_TYPE, INVOICE_ID, PAYMENT_PROCESSOR, METADATA;

    private static final String INSERT_TARGET = "events (" + Arrays.stream(values()).map(EventColumn::column)
            .collect(Collectors.joining(", ")) + ")";

    /** The column's name in the table. */
    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code events (workspace_id, event_id, …)}: what an insert of event rows names. */
    public static String insertTarget() {
        return INSERT_TARGET;
    }
}
