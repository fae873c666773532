package dev.tally.ingest;

import dev.tally.sql.DateTime64Text;
import dev.tally.sql.IdempotencyKeySql;
import dev.tally.store.ClickHouse;
import dev.tally.store.InputFormat;
import dev.tally.store.Row;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.inject.Singleton;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code Idempotency-Key} records: the first answer to a key, kept for {@code idempotency-key-hours} in
 * {@code ingest_idempotency_keys}, and the keys being processed right now in this instance.
 */
@Singleton
public final class IdempotencyKeys {
    private final ClickHouse clickHouse;
    private final JsonMapper json;
    private final int windowHours;
    private final Clock clock = Clock.systemUTC();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    public IdempotencyKeys(ClickHouse clickHouse, JsonMapper json, IngestConfiguration configuration) {
        this.clickHouse = clickHouse;
        this.json = json;
        this.windowHours = configuration.idempotencyKeyHours();
    }

    /** A stored answer: the hash of the request that produced it, and the answer. */
    public record Stored(String requestHash, IngestResult result) {
    }

    public Optional<Stored> find(String workspaceId, String key) {
        List<Row> rows = clickHouse.query(IdempotencyKeySql.find(workspaceId, key, windowHours)).rows();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Stored(rows.getFirst().string("request_hash"),
                    json.readValue(rows.getFirst().string("result"), Argument.of(IngestResult.class))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Marks the key as being processed; false when this instance is processing it already. */
    public boolean begin(String workspaceId, String key) {
        return inFlight.add(workspaceId + '\n' + key);
    }

    public void end(String workspaceId, String key) {
        inFlight.remove(workspaceId + '\n' + key);
    }

    public void remember(String workspaceId, String key, String requestHash, IngestResult result) {
        try {
            byte[] row = json.writeValueAsBytes(new KeyRow(workspaceId, key, requestHash,
                    json.writeValueAsString(result), DateTime64Text.format(clock.instant())));
            clickHouse.insert("ingest_idempotency_keys", InputFormat.JSON_EACH_ROW, new ByteArrayInputStream(row));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Serdeable
    record KeyRow(@JsonProperty("workspace_id") String workspaceId, @JsonProperty("idempotency_key") String key,
                  @JsonProperty("request_hash") String requestHash, String result,
                  @JsonProperty("created_at") String createdAt) {
    }
}
