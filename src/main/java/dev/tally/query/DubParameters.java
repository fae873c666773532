package dev.tally.query;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters Dub's API documents that Tally answers through another name or not at all, mapped before
 * parsing so that clients written for Dub (its published SDK sends some of them on every call) work. Each
 * has one documented meaning (README, "Dub's deprecated and inapplicable parameters"):
 * <ul>
 *   <li>{@code order} (deprecated) — {@code sortOrder}; ignored when {@code sortOrder} is given too (the SDK
 *       always sends {@code order=desc}, so a caller's {@code sortOrder} must win);</li>
 *   <li>{@code qr} (deprecated) — {@code true} is {@code trigger=qr}, {@code false} is {@code trigger=link};
 *       ignored when {@code trigger} is given;</li>
 *   <li>{@code programId} (deprecated; Dub infers it from the workspace) — the key's workspace is the only
 *       scope there is, so it is ignored;</li>
 *   <li>{@code partnerTagId} — Tally has no partner tags: excluding ones ({@code -ptag_1}) removes nothing and
 *       is ignored; including ones could match nothing and are a 400 saying so;</li>
 *   <li>{@code groupBy=trigger} (deprecated) is {@code triggers}; {@code groupBy=top_link_tags} is {@code top_tags}.</li>
 * </ul>
 * Every other unknown parameter stays a 400.
 */
final class DubParameters {
    private static final Map<String, String> GROUP_BY_ALIASES = Map.of("trigger", "triggers", "top_link_tags", "top_tags");

    private DubParameters() {
    }

    static Map<String, List<String>> normalize(Map<String, List<String>> raw, SurfaceRules rules) {
        Map<String, List<String>> parameters = new LinkedHashMap<>(raw);
        String order = single(parameters.remove("order"), "order");
        if (order != null && rules.paging()) {
            if (!order.equals("asc") && !order.equals("desc")) {
                throw new QueryException(ParameterError.BAD_ENUM, "order", "order must be one of asc, desc, got '" + order + "'.");
            }
            parameters.putIfAbsent("sortOrder", List.of(order));
        } else if (order != null) {
            throw new QueryException(ParameterError.UNKNOWN_PARAMETER, "order", "Unknown parameter 'order'.");
        }
        String qr = single(parameters.remove("qr"), "qr");
        if (qr != null) {
            if (!qr.equals("true") && !qr.equals("false")) {
                throw new QueryException(ParameterError.BAD_ENUM, "qr", "qr must be true or false, got '" + qr + "'.");
            }
            parameters.putIfAbsent("trigger", List.of(qr.equals("true") ? "qr" : "link"));
        }
        single(parameters.remove("programId"), "programId");
        String partnerTags = single(parameters.remove("partnerTagId"), "partnerTagId");
        if (partnerTags != null && !partnerTags.startsWith("-")) {
            throw new QueryException(ParameterError.NOT_APPLICABLE, "partnerTagId",
                    "partnerTagId can match no event: Tally links have no partner tags (excluding them, '-" + partnerTags + "', is accepted).");
        }
        List<String> groupBy = parameters.get("groupBy");
        if (groupBy != null && groupBy.size() == 1 && GROUP_BY_ALIASES.containsKey(groupBy.getFirst())) {
            parameters.put("groupBy", List.of(GROUP_BY_ALIASES.get(groupBy.getFirst())));
        }
        return parameters;
    }

    private static String single(List<String> values, String name) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new QueryException(ParameterError.REPEATED_PARAMETER, name, name + " was given " + values.size() + " times; pass it once.");
        }
        return values.getFirst();
    }
}
