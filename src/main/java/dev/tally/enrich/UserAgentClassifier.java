package dev.tally.enrich;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.inject.Singleton;
import nl.basjes.parse.useragent.UserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;

/** User agent → device class, browser, OS and bot flag, by Yauaa (with its own parse cache). */
@Singleton
public final class UserAgentClassifier {
    private static final String UNKNOWN = "Unknown";
    private static final Object LOCK = new Object();
    private static UserAgentAnalyzer shared;
    private static int sharedCacheSize;

    private final UserAgentAnalyzer analyzer;
    // Yauaa caches its parses too, but still builds a result object per call; real traffic repeats a few
    // thousand user agents, so the finished answer is cached.
    private final Cache<String, Client> clients;

    public UserAgentClassifier(EnrichConfiguration configuration) {
        this.analyzer = analyzer(configuration.userAgentCacheSize());
        this.clients = Caffeine.newBuilder().maximumSize(configuration.userAgentCacheSize()).build();
    }

    // Tricky: building Yauaa's rule set takes seconds, so one analyzer (thread safe) serves every
    // application context in the JVM (tests start several) instead of one per context.
    private static UserAgentAnalyzer analyzer(int cacheSize) {
        synchronized (LOCK) {
            if (shared == null || sharedCacheSize != cacheSize) {
                shared = UserAgentAnalyzer.newBuilder()
                        .hideMatcherLoadStats()
                        .withCache(cacheSize)
                        .withField(UserAgent.DEVICE_CLASS)
                        .withField(UserAgent.AGENT_NAME)
                        .withField(UserAgent.OPERATING_SYSTEM_NAME)
                        .immediateInitialization()
                        .build();
                sharedCacheSize = cacheSize;
            }
            return shared;
        }
    }

    public Client classify(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return new Client("unknown", UNKNOWN, UNKNOWN, false);
        }
        return clients.get(userAgent, this::parse);
    }

    private Client parse(String userAgent) {
        UserAgent parsed = analyzer.parse(userAgent);
        String deviceClass = parsed.getValue(UserAgent.DEVICE_CLASS);
        boolean bot = isBot(deviceClass);
        return new Client(bot ? "bot" : device(deviceClass), known(parsed.getValue(UserAgent.AGENT_NAME)),
                operatingSystem(known(parsed.getValue(UserAgent.OPERATING_SYSTEM_NAME))), bot);
    }

    private static boolean isBot(String deviceClass) {
        return switch (deviceClass) {
            case "Robot", "Robot Mobile", "Robot Imitator", "Hacker", "Cloud" -> true;
            default -> false;
        };
    }

    // Yauaa's device classes are open-ended strings, so this switch needs a default.
    private static String device(String deviceClass) {
        return switch (deviceClass) {
            case "Desktop", "Anonymized" -> "desktop";
            case "Mobile", "Phone" -> "mobile";
            case "Tablet" -> "tablet";
            case "TV", "Set-top box" -> "tv";
            case "Game Console", "Handheld Game Console" -> "console";
            case "Watch", "Augmented Reality", "Virtual Reality" -> "wearable";
            case "eReader" -> "ereader";
            default -> "unknown";
        };
    }

    // Yauaa names Windows by its kernel; analytics shows the product name.
    private static String operatingSystem(String name) {
        return name.equals("Windows NT") ? "Windows" : name;
    }

    private static String known(String value) {
        return value == null || value.isBlank() || value.startsWith("??") || value.equalsIgnoreCase("unknown") ? UNKNOWN : value;
    }
}
