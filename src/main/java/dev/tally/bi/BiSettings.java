package dev.tally.bi;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the settings a client sent into connection arguments: every limit at its ceiling unless the
 * client asked for less, accepted settings checked, anything unknown refused. Only names from
 * {@link BiSetting} and values it checked ever reach the engine.
 *
 * @param arguments connection arguments ({@code --name=value})
 * @param timeZone  the session time zone the result is written in ({@code X-ClickHouse-Timezone})
 */
public record BiSettings(List<String> arguments, String timeZone) {
    /** URL parameters of ClickHouse's HTTP interface that are not settings. */
    static final Set<String> PROTOCOL_PARAMETERS = Set.of("query", "query_id", "database", "default_format", "compress",
            "decompress", "user", "password", "session_id", "session_timeout", "session_check", "buffer_size",
            "wait_end_of_query", "enable_http_compression", "http_zlib_compression_level", "client_protocol_version",
            "default_session_timeout", "role");

    public static final String DEFAULT_TIME_ZONE = "UTC";

    /** {@code requested}: the request's URL parameters that are neither protocol parameters nor {@code param_*}. */
    public static BiSettings from(Map<String, String> requested, BiLimits limits) {
        Map<BiSetting, String> values = new EnumMap<>(BiSetting.class);
        requested.forEach((name, value) -> {
            BiSetting setting = BiSetting.named(name).orElseThrow(() -> new BiRefusal(BiError.UNKNOWN_SETTING,
                    "setting " + name + " is not accepted by Tally's BI endpoint (allowed: " + allowedNames() + ")"));
            values.put(setting, value);
        });
        List<String> arguments = new ArrayList<>();
        for (BiSetting setting : BiSetting.values()) {
            String value = values.get(setting);
            if (value != null) {
                setting.argument(value, limits).ifPresent(arguments::add);
            } else if (setting.isLimit()) {
                arguments.add("--" + setting.settingName() + "=" + setting.ceiling(limits));
            }
        }
        String timeZone = values.getOrDefault(BiSetting.SESSION_TIMEZONE, DEFAULT_TIME_ZONE);
        if (!values.containsKey(BiSetting.SESSION_TIMEZONE)) {
            arguments.add("--session_timezone=" + DEFAULT_TIME_ZONE);
        }
        return new BiSettings(List.copyOf(arguments), timeZone);
    }

    public static boolean isProtocolParameter(String name) {
        return PROTOCOL_PARAMETERS.contains(name) || name.startsWith("param_");
    }

    private static String allowedNames() {
        return String.join(", ", java.util.Arrays.stream(BiSetting.values()).map(BiSetting::settingName).toList());
    }
}
