package dev.tally.bench;

import java.util.List;

/**
 * The shape of realistic link traffic: country/region/city mixes, user agents (with bots), referers,
 * campaigns. Weights are rough public traffic shares, good enough to give every dimension a head and a
 * long tail.
 */
final class TrafficModel {
    private TrafficModel() {
    }

    record Place(String country, String continent, String region, String city, double weight) {
    }

    record Agent(String userAgent, String device, String browser, String os, boolean bot, double weight) {
    }

    record Referer(String host, String url, double weight) {
    }

    record Campaign(String source, String medium, String campaign, String term, String content) {
    }

    static final List<Place> PLACES = List.of(
            new Place("US", "NA", "US-CA", "San Francisco", 9), new Place("US", "NA", "US-CA", "Los Angeles", 7),
            new Place("US", "NA", "US-NY", "New York", 10), new Place("US", "NA", "US-TX", "Austin", 4),
            new Place("US", "NA", "US-WA", "Seattle", 3), new Place("US", "NA", "US-IL", "Chicago", 4),
            new Place("GB", "EU", "GB-ENG", "London", 8), new Place("GB", "EU", "GB-ENG", "Manchester", 2),
            new Place("DE", "EU", "DE-BE", "Berlin", 4), new Place("DE", "EU", "DE-BY", "Munich", 3),
            new Place("FR", "EU", "FR-IDF", "Paris", 4), new Place("NL", "EU", "NL-NH", "Amsterdam", 2),
            new Place("ES", "EU", "ES-MD", "Madrid", 2), new Place("IT", "EU", "IT-25", "Milan", 2),
            new Place("IN", "AS", "IN-MH", "Mumbai", 5), new Place("IN", "AS", "IN-KA", "Bengaluru", 5),
            new Place("IN", "AS", "IN-DL", "Delhi", 4), new Place("JP", "AS", "JP-13", "Tokyo", 4),
            new Place("SG", "AS", "SG-01", "Singapore", 2), new Place("CN", "AS", "CN-SH", "Shanghai", 1),
            new Place("BR", "SA", "BR-SP", "São Paulo", 4), new Place("AR", "SA", "AR-C", "Buenos Aires", 1),
            new Place("CA", "NA", "CA-ON", "Toronto", 4), new Place("CA", "NA", "CA-BC", "Vancouver", 2),
            new Place("MX", "NA", "MX-CMX", "Mexico City", 2), new Place("AU", "OC", "AU-NSW", "Sydney", 3),
            new Place("NZ", "OC", "NZ-AUK", "Auckland", 1), new Place("NG", "AF", "NG-LA", "Lagos", 1),
            new Place("ZA", "AF", "ZA-GP", "Johannesburg", 1), new Place("EG", "AF", "EG-C", "Cairo", 1),
            new Place("AQ", "AN", "", "", 0.01));

    static final List<Agent> AGENTS = List.of(
            new Agent("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
                    "desktop", "Chrome", "Windows", false, 28),
            new Agent("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
                    "desktop", "Safari", "Mac OS", false, 9),
            new Agent("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
                    "desktop", "Chrome", "Mac OS", false, 8),
            new Agent("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
                    "desktop", "Firefox", "Windows", false, 4),
            new Agent("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0",
                    "desktop", "Edge", "Windows", false, 5),
            new Agent("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
                    "desktop", "Chrome", "Linux", false, 2),
            new Agent("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
                    "mobile", "Mobile Safari", "iOS", false, 17),
            new Agent("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
                    "mobile", "Chrome Mobile", "Android", false, 12),
            new Agent("Mozilla/5.0 (Linux; Android 13; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36",
                    "mobile", "Samsung Internet", "Android", false, 3),
            new Agent("Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
                    "tablet", "Mobile Safari", "iOS", false, 3),
            new Agent("Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
                    "tablet", "Chrome", "Android", false, 1),
            new Agent("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "bot", "Googlebot", "Unknown", true, 3),
            new Agent("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", "bot", "Bingbot", "Unknown", true, 1.5),
            new Agent("facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", "bot", "FacebookBot", "Unknown", true, 1.5),
            new Agent("Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", "bot", "Slackbot", "Unknown", true, 1),
            new Agent("curl/8.5.0", "bot", "curl", "Unknown", true, 0.5));

    static final List<Referer> REFERERS = List.of(
            new Referer("google.com", "https://www.google.com/", 14), new Referer("twitter.com", "https://twitter.com/", 6),
            new Referer("t.co", "https://t.co/", 5), new Referer("facebook.com", "https://www.facebook.com/", 6),
            new Referer("instagram.com", "https://www.instagram.com/", 7), new Referer("linkedin.com", "https://www.linkedin.com/feed/", 5),
            new Referer("reddit.com", "https://www.reddit.com/r/programming/", 3), new Referer("youtube.com", "https://www.youtube.com/", 3),
            new Referer("tiktok.com", "https://www.tiktok.com/", 3), new Referer("news.ycombinator.com", "https://news.ycombinator.com/", 2),
            new Referer("bing.com", "https://www.bing.com/", 1.5), new Referer("duckduckgo.com", "https://duckduckgo.com/", 1));

    /** Share of clicks with no referer (direct). */
    static final double DIRECT_SHARE = 0.30;
    /** Share of clicks that come from the long tail of small sites. */
    static final double LONG_TAIL_SHARE = 0.12;

    static final List<Campaign> CAMPAIGNS = List.of(
            new Campaign("newsletter", "email", "spring_launch", "", "header"),
            new Campaign("newsletter", "email", "weekly_digest", "", "footer"),
            new Campaign("google", "cpc", "brand_search", "link shortener", "ad_a"),
            new Campaign("google", "cpc", "brand_search", "url analytics", "ad_b"),
            new Campaign("twitter", "social", "launch_thread", "", ""),
            new Campaign("linkedin", "social", "hiring_2026", "", "post"),
            new Campaign("facebook", "paid_social", "retargeting_q3", "", "carousel"),
            new Campaign("partner", "referral", "affiliate_program", "", ""));
}
