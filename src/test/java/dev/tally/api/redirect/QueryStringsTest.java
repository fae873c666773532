package dev.tally.api.redirect;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class QueryStringsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {"qr=1 | true", "a=b&qr=1 | true", "qr=10 | false", "- | false", "xqr=1 | false"})
    void recognisesTheQrMarker(String query, boolean qr) {
        assertThat(QueryStrings.hasQrMarker(query)).isEqualTo(qr);
    }
}
