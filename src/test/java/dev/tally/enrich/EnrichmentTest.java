package dev.tally.enrich;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Enrichment on real user-agent strings and real IPs looked up in the shipped GeoLite2 City database. */
class EnrichmentTest {
    private static final EnrichConfiguration CONFIGURATION = new EnrichConfiguration("salt", null, 1000);
    private static GeoLocator geo;
    private static UserAgentClassifier userAgents;

    @BeforeAll
    static void open() {
        geo = new GeoLocator(CONFIGURATION);
        userAgents = new UserAgentClassifier(CONFIGURATION);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "216.160.83.56        | US | US-WA  | Tacoma       | NA",
            "128.101.101.101      | US | US-MN  | Minneapolis  | NA",
            "134.195.196.26       | CA | CA-ON  | Toronto      | NA",
            "81.2.69.142          | GB | GB-ENG | East Finchley| EU",
            "89.160.20.128        | SE | SE-S   | Säffle       | EU",
            "133.11.0.1           | JP | JP-13  | Tokyo        | AS",
            "8.8.8.8              | US | -      | -            | NA",
            "2001:4860:4860::8888 | US | -      | -            | NA",
            "192.168.1.1          | -  | -      | -            | -",
            "not-an-ip            | -  | -      | -            | -"})
    void locatesRealAddresses(String ip, String country, String region, String city, String continent) {
        assertThat(geo.locate(ip)).isEqualTo(new GeoLocation(orEmpty(country), orEmpty(region), orEmpty(city), orEmpty(continent)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 | desktop | Chrome | Windows | false",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1 | mobile | Safari | iOS | false",
            "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1 | tablet | Safari | iOS | false",
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36 | mobile | Chrome | Android | false",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15 | desktop | Safari | Mac OS | false",
            "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0 | desktop | Firefox | Ubuntu | false",
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html) | bot | Googlebot | Google Cloud | true",
            "curl/8.4.0 | bot | Curl | Cloud | true"})
    void classifiesRealUserAgents(String userAgent, String device, String browser, String os, boolean bot) {
        assertThat(userAgents.classify(userAgent)).isEqualTo(new Client(device, browser, os, bot));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "https://www.Twitter.com/x/status/1 | twitter.com",
            "https://news.example.net/item?id=1 | news.example.net",
            "-                                  | direct",
            "not a url                          | direct",
            "android-app://com.slack            | com.slack"})
    void refererHosts(String referer, String host) {
        assertThat(Referers.host(referer)).isEqualTo(host);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "https://a.example/?utm_source=news&utm_medium=email&utm_campaign=spring%20sale&utm_term=shoes&utm_content=hero | news | email | spring sale | shoes | hero",
            "https://a.example/p?x=1&utm_source=a+b%26c                                                                   | a b&c | '' | '' | '' | ''",
            "https://a.example/                                                                                              | '' | '' | '' | '' | ''"})
    void utmParameters(String url, String source, String medium, String campaign, String term, String content) {
        assertThat(UtmParameters.of(url)).isEqualTo(new UtmParameters(source, medium, campaign, term, content));
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
