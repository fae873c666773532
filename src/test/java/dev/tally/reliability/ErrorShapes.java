package dev.tally.reliability;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What an error answer must look like on each surface (README "Errors" and the seeds), checked on the
 * parsed body: the fuzzer's second assertion after "no 5xx". Written from the documented shapes, not from
 * Tally's formatter classes, so a formatter that drifts is caught.
 */
final class ErrorShapes {
    private static final Pattern CLICKS_VIEWS = Pattern.compile("/api/v1/analytics/(clicks|views)/?");
    private static final Pattern LINK_REPORT = Pattern.compile("/api/v1/analytics/[^/]+/?");
    private static final Pattern SLUG = Pattern.compile("/api/v1/links/[^/]+/analytics/?");
    private static final Pattern CLICK_LOG = Pattern.compile("/v1(/.*)?");
    /** The BI endpoint speaks ClickHouse's HTTP interface, errors included: {@code Code: N. DB::Exception: …} as text. */
    private static final Pattern BI = Pattern.compile("/clickhouse(/.*)?");
    private static final Pattern CLICKHOUSE_ERROR = Pattern.compile("Code: \\d+\\. DB::Exception: .*", Pattern.DOTALL);
    private static final Pattern REDIRECT = Pattern.compile("/[A-Za-z0-9][A-Za-z0-9_-]*");

    private ErrorShapes() {
    }

    /** Empty when {@code body} is the right shape for an error answered on {@code path}; else what is wrong. */
    static String violation(String method, String path, int status, String contentType, Object body, String text) {
        if (method.equals("HEAD")) {
            return "";
        }
        if (BI.matcher(path).matches()) {
            return CLICKHOUSE_ERROR.matcher(text).matches() ? "" : "not ClickHouse's error text (Code: N. DB::Exception: …)";
        }
        if (REDIRECT.matcher(path).matches() && method.equals("GET") && !path.equals("/health") && contentType.startsWith("text/html")) {
            return "";
        }
        if (!(body instanceof Map<?, ?> map)) {
            return "not a JSON object: " + contentType;
        }
        if (CLICK_LOG.matcher(path).matches()) {
            return map.get("success") == Boolean.FALSE && number(map.get("status_code")) == status && map.containsKey("data")
                    && map.get("message") instanceof String ? "" : "not the seed-003 envelope with status_code " + status;
        }
        if (SLUG.matcher(path).matches()) {
            return map.get("error") instanceof String && map.get("message") instanceof String && number(map.get("status")) == status
                    ? "" : "not the seed-004 flat error with status " + status;
        }
        if (CLICKS_VIEWS.matcher(path).matches()) {
            return nested(map, List.of("code", "message")) && !map.containsKey("success") ? "" : "not the seed-000 error";
        }
        if (LINK_REPORT.matcher(path).matches() && !path.startsWith("/api/v1/analytics/clicks") && !path.startsWith("/api/v1/analytics/views")) {
            return map.get("success") == Boolean.FALSE && nested(map, List.of("code", "message")) ? "" : "not the seed-002 error";
        }
        return nested(map, List.of("code", "message", "doc_url")) ? "" : "not the native error";
    }

    /** Whether a message gives away framework internals: configured limits, Java types, stack frames. */
    static boolean leaksInternals(String text) {
        return !leak(text).isEmpty();
    }

    /** The text around the first giveaway, or empty. */
    static String leak(String text) {
        // ClickHouse's own error contract on the BI endpoint opens every message with this; what follows is checked.
        text = text.replaceFirst("^Code: \\d+\\. DB::Exception: ", "");
        java.util.regex.Matcher matcher = INTERNALS.matcher(text);
        return matcher.find() ? text.substring(Math.max(0, matcher.start() - 100), Math.min(text.length(), matcher.end() + 60)) : "";
    }

    private static final Pattern INTERNALS =
            Pattern.compile("maximum allowed content length|java\\.|io\\.micronaut|Exception|\tat |DB::|StreamReadFeature|com\\.fasterxml");

    private static boolean nested(Map<?, ?> map, List<String> keys) {
        return map.get("error") instanceof Map<?, ?> error && keys.stream().allMatch(key -> error.get(key) instanceof String);
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : -1;
    }
}
