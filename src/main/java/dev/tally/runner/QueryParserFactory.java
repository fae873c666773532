package dev.tally.runner;

import dev.tally.query.QueryParser;
import dev.tally.query.TimeZones;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.time.Clock;

/** The one {@link QueryParser} every surface uses; {@code query} knows nothing of Micronaut, so it is made here. */
@Factory
final class QueryParserFactory {
    @Singleton
    QueryParser queryParser(TimeZones timeZones) {
        return new QueryParser(Clock.systemUTC(), timeZones);
    }
}
