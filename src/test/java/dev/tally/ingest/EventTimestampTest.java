package dev.tally.ingest;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The timestamp fast path answers exactly what {@link Instant#parse} answers, for good and bad texts alike. */
class EventTimestampTest {
    @Test
    void theFastPathAgreesWithInstantParse() {
        List<String> texts = new ArrayList<>(List.of("2026-01-31T12:00:00Z", "2026-01-31T12:00:00.5Z", "2026-01-31T12:00:00.123Z",
                "2026-01-31T12:00:00.123456789Z", "2026-01-31T12:00:00.000Z", "2024-02-29T23:59:59Z", "0000-01-01T00:00:00Z",
                "2026-01-31T24:00:00Z", "2026-12-31T23:59:60Z", "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-01-01T25:00:00Z",
                "2026-01-01T00:60:00Z", "2026-01-31T12:00:00.Z", "2026-01-31T12:00:00.1234567890Z", "2026-01-31t12:00:00z",
                "2026-01-31T12:00:00+02:00", "2026-01-31 12:00:00Z", "2026-1-31T12:00:00Z", "+2026-01-31T12:00:00Z",
                "2026-01-31T12:00Z", "20x6-01-31T12:00:00Z", "2026-01-31T12:00:0aZ", "2026-01-31T12:00:00.12a4Z", "-001-01-01T00:00:00Z"));
        Random random = new Random(16);
        for (int i = 0; i < 2_000; i++) {
            StringBuilder text = new StringBuilder(String.format("%04d-%02d-%02dT%02d:%02d:%02d", random.nextInt(3000), random.nextInt(14),
                    random.nextInt(33), random.nextInt(26), random.nextInt(61), random.nextInt(62)));
            int fraction = random.nextInt(11) - 1;
            if (fraction >= 0) {
                text.append('.');
                for (int d = 0; d < fraction; d++) {
                    text.append((char) ('0' + random.nextInt(10)));
                }
            }
            texts.add(text.append('Z').toString());
        }
        int parsed = 0;
        for (String text : texts) {
            Instant expected;
            try {
                expected = Instant.parse(text);
            } catch (DateTimeParseException e) {
                assertThatThrownBy(() -> EventValidator.instant(text)).as(text).isInstanceOf(DateTimeParseException.class);
                continue;
            }
            assertThat(EventValidator.instant(text)).as(text).isEqualTo(expected);
            parsed++;
        }
        assertThat(parsed).as("texts Instant.parse accepts among them").isGreaterThan(500);
    }
}
