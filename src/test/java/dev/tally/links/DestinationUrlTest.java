package dev.tally.links;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The table of tricky destinations: what is stored, what is refused, and what a redirect sends (ADR 0050). */
class DestinationUrlTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "https://example.com/a                        | https://example.com/a",
            "HTTPS://Example.COM:443/a                    | https://example.com/a",
            "http://example.com:8080                      | http://example.com:8080/",
            "https://example.com                          | https://example.com/",
            "'  https://example.com/padded  '             | https://example.com/padded",
            "https://b\u00fccher.example/\u65e5\u672c     | https://xn--bcher-kva.example/%E6%97%A5%E6%9C%AC",
            "https://example.com/caf\u00e9?q=\u00e9t\u00e9#\u00e0 | https://example.com/caf%C3%A9?q=%C3%A9t%C3%A9#%C3%A0",
            "https://example.com/a b?c d                  | https://example.com/a%20b?c%20d",
            "https://example.com/a/../b/./c               | https://example.com/b/c",
            "https://good.example\\evil.example/x         | https://good.example/evil.example/x",
            "https://good.example\\@evil.example/x        | https://good.example/@evil.example/x",
            "https://example.com/p?x=\"<>                 | https://example.com/p?x=%22%3C%3E",
            "https://[::1]:8443/v6                        | https://[::1]:8443/v6",
            "https://example.com/already%20encoded        | https://example.com/already%20encoded"})
    void storesTheCanonicalAsciiForm(String given, String stored) {
        String normalized = DestinationUrl.normalize(given);
        assertThat(normalized).isEqualTo(stored);
        assertThat(normalized.chars().allMatch(c -> c > 0x20 && c < 0x7f)).as("pure printable ASCII").isTrue();
        assertThat(DestinationUrl.normalize(normalized)).as("idempotent").isEqualTo(normalized);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "https://evil.example\u65e5@good.example/welcome | url must not contain a user name or password (text before '@' in the host part)",
            "https://user:pass@example.com/                  | url must not contain a user name or password (text before '@' in the host part)",
            "https://good.example@evil.example/              | url must not contain a user name or password (text before '@' in the host part)",
            "ftp://example.com/file                          | url must be an absolute http or https URL",
            "javascript:alert(1)                             | url must be an absolute http or https URL",
            "data:text/html,hi                               | url must be an absolute http or https URL",
            "//example.com/relative                          | url must be an absolute http or https URL",
            "example.com/no-scheme                           | url must be an absolute http or https URL",
            "https://[::1/broken-ipv6                        | url is not a valid URL (check its host)",
            "https://example.com:99999/                      | url is not a valid URL (check its host)"})
    void refusesWhatABrowserWouldReadDifferentlyOrNotAtAll(String given, String message) {
        assertThatThrownBy(() -> DestinationUrl.normalize(given)).isInstanceOf(LinkException.class).hasMessage(message);
    }

    @Test
    void refusesControlCharactersAndLoneSurrogates() {
        assertThatThrownBy(() -> DestinationUrl.normalize("https://example.com/a\r\nSet-Cookie: x=1"))
                .hasMessage("url must not contain control characters (found U+000D)");
        assertThatThrownBy(() -> DestinationUrl.normalize("https://exa\tmple.com/"))
                .hasMessage("url must not contain control characters (found U+0009)");
        assertThatThrownBy(() -> DestinationUrl.normalize("https://example.com/\u007f"))
                .hasMessage("url must not contain control characters (found U+007F)");
        assertThatThrownBy(() -> DestinationUrl.normalize("https://example.com/\udfff"))
                .hasMessage("url must be valid Unicode text (it contains a lone surrogate)");
        assertThatThrownBy(() -> DestinationUrl.normalize("https://example.com/" + "a".repeat(2100)))
                .hasMessage("url must be at most 2048 characters once encoded");
    }

    @ParameterizedTest(name = "{0} + {1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "https://a.example/p           | -                          | https://a.example/p",
            "https://a.example/p           | x=1                        | https://a.example/p?x=1",
            "https://a.example/p?ref=t     | x=1                        | https://a.example/p?ref=t&x=1",
            "https://a.example/p?          | x=1                        | https://a.example/p?x=1",
            "https://a.example/p?a=1#top   | utm_source=poster          | https://a.example/p?a=1&utm_source=poster#top",
            "https://a.example/p           | q=\u65e5\u672c             | https://a.example/p?q=%E6%97%A5%E6%9C%AC",
            "https://a.example/p           | a=%0d%0aSet-Cookie:x       | https://a.example/p?a=%0d%0aSet-Cookie:x",
            "https://a.example/p           | x=@evil.example/#frag      | https://a.example/p?x=@evil.example/%23frag",
            "https://a.example/p           | q=\u00c3\u00bc             | https://a.example/p?q=%C3%BC",
            "https://a.example/p           | x=\\evil.example          | https://a.example/p?x=\\evil.example"})
    void appendsTheRequestQueryWithoutLeavingTheHost(String stored, String rawQuery, String location) {
        assertThat(DestinationUrl.withQuery(stored, rawQuery)).contains(location);
    }

    @Test
    void neverSendsAStoredUrlThatCarriesUserInfo() {
        // A row written before normalisation existed: the redirect refuses it instead of sending it.
        assertThat(DestinationUrl.withQuery("https://evil.example\u65e5@good.example/welcome", null)).isEmpty();
        assertThat(DestinationUrl.withQuery("not a url", "x=1")).isEmpty();
    }
}
