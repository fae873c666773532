package dev.tally.api.bi;

import java.util.Map;
import java.util.function.Function;

/**
 * One request to the BI endpoint as either listener received it.
 *
 * @param ping       a {@code /ping} request
 * @param parameters URL parameters (first value of each)
 * @param headers    header lookup by name (case-insensitive), null when absent
 * @param body       the request body (the SQL, possibly LZ4-framed with {@code decompress=1})
 */
record ClickHouseRequest(boolean ping, Map<String, String> parameters, Function<String, String> headers, byte[] body) {
    ClickHouseRequest {
        parameters = Map.copyOf(parameters);
    }

    String header(String name) {
        return headers.apply(name);
    }
}
