package dev.tally.ingest;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tally.auth.Workspace;
import dev.tally.support.EventFixtures;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, defect 12: a successful insert logs nothing. It used to warn "insert of N rows reported M
 * written" on every one, because the engine counts the rows the rollup views wrote too.
 */
@MicronautTest
class InsertLogTest {
    @Inject
    IngestService ingest;
    @Inject
    EventFixtures fixtures;

    @Test
    void aSuccessfulInsertLogsNoWarning() {
        Logger logger = (Logger) LoggerFactory.getLogger(InsertBatcher.class);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        logger.addAppender(captured);
        try {
            Workspace workspace = fixtures.workspace();
            String body = "{\"event\":\"view\",\"page_id\":\"p1\"}\n{\"event\":\"view\",\"page_id\":\"p2\"}\n";
            IngestOutcome outcome = ingest.batch(workspace, new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), null);
            assertThat(outcome.result().accepted()).isEqualTo(2);
            assertThat(captured.list).filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.WARN)).isEmpty();
        } finally {
            logger.detachAppender(captured);
        }
    }
}
