package dev.tally.api.redirect;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class QueryStringsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "https://a.example/p         | -                  | https://a.example/p",
            "https://a.example/p         | x=1&qr=1           | https://a.example/p?x=1",
            "https://a.example/p         | qr=1               | https://a.example/p",
            "https://a.example/p?ref=t   | x=1                | https://a.example/p?ref=t&x=1",
            "https://a.example/p?        | x=1                | https://a.example/p?x=1",
            "https://a.example/p?a=1#top | utm_source=poster  | https://a.example/p?a=1&utm_source=poster#top",
            "https://a.example/p         | qr=10              | https://a.example/p?qr=10"})
    void passesTheQueryThroughWithoutTheQrMarker(String url, String query, String expected) {
        assertThat(QueryStrings.append(url, QueryStrings.withoutQrMarker(query))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {"qr=1 | true", "a=b&qr=1 | true", "qr=10 | false", "- | false", "xqr=1 | false"})
    void recognisesTheQrMarker(String query, boolean qr) {
        assertThat(QueryStrings.hasQrMarker(query)).isEqualTo(qr);
    }
}
