package dev.tally.ingest;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LineReaderTest {
    @Test
    void splitsLinesAcrossBufferBoundariesAndDropsCarriageReturns() throws Exception {
        String big = "x".repeat(100_000);
        List<String> lines = read("a\r\n" + big + "\n\nlast", 1_000_000, 10, 200_000);
        assertThat(lines).containsExactly("a", big, "", "last");
    }

    @Test
    void marksOverlongLinesAndKeepsGoing() throws Exception {
        List<String> lines = read("short\n" + "y".repeat(70_000) + "\nafter\n", 1_000_000, 10, 65_536);
        assertThat(lines).containsExactly("short", "<too long>", "after");
    }

    @Test
    void refusesMoreBytesOrLinesThanAllowed() {
        assertThatThrownBy(() -> read("a\nb\nc\n", 1_000, 2, 100)).isInstanceOf(BatchTooLargeException.class)
                .hasMessage("a batch may hold at most 2 lines");
        assertThatThrownBy(() -> read("z".repeat(70_000), 65_536, 10, 100_000)).isInstanceOf(BatchTooLargeException.class)
                .hasMessage("a batch may be at most 65536 bytes");
    }

    private static List<String> read(String body, long maxBytes, long maxLines, int maxLineBytes) throws Exception {
        InputStream in = new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
        LineReader reader = new LineReader(in, maxBytes, maxLines, maxLineBytes, MessageDigest.getInstance("SHA-256"));
        List<String> lines = new ArrayList<>();
        byte[] line;
        while ((line = reader.next()) != null) {
            lines.add(line == LineReader.TOO_LONG ? "<too long>" : new String(line, StandardCharsets.UTF_8));
        }
        return lines;
    }
}
