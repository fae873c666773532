package dev.tally.bi;

import dev.tally.auth.ApiKey;
import dev.tally.auth.ApiKeyRevoked;
import dev.tally.auth.ApiKeys;
import dev.tally.auth.Scope;
import dev.tally.sql.BiServerSql;
import dev.tally.sql.Sql;
import dev.tally.store.ClickHouse;
import dev.tally.store.StoreConfiguration;
import dev.tally.store.StoreException;
import io.micronaut.context.annotation.Value;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each workspace's own user on a ClickHouse server ({@code tally_bi_ws_…}), made idempotently at the
 * workspace's first BI statement in this process from {@code clickhouse/bi/}: {@code SELECT} on its view
 * database only, the shared role {@code tally_bi} with the read-only settings profile, its bounds and the
 * quota. Its password is derived (HMAC-SHA256 of the workspace id under {@code tally.bi.server-secret}) and
 * never leaves Tally, so the only way in for a BI tool is a Tally key, which Tally checks on every request:
 * a revoked key stops at once, whatever the server caches.
 *
 * <p>A server without SQL-driven access control (no writable access storage, or Tally's user lacks
 * {@code access_management}) cannot have users made for it: there the user must be declared in the
 * server's own users configuration with that name and password ({@link #passwordSha256}), and a workspace
 * whose user the server does not know is refused, never served as Tally's own user.
 */
@Singleton
public final class BiServerAccess {
    private static final Logger LOG = LoggerFactory.getLogger(BiServerAccess.class);
    private static final String USER_PREFIX = "tally_bi_";
    /** The server has no writable access storage (users only from its configuration files). */
    private static final int ACCESS_STORAGE_FOR_INSERTION_NOT_FOUND = 514;
    private static final int ACCESS_DENIED = 497;

    private final ClickHouse clickHouse;
    private final ApiKeys keys;
    private final byte[] secret;
    private final Set<String> ready = ConcurrentHashMap.newKeySet();
    private volatile boolean sharedReady;

    BiServerAccess(ClickHouse clickHouse, ApiKeys keys, StoreConfiguration store, @Value("${tally.bi.server-secret:}") String serverSecret) {
        this.clickHouse = clickHouse;
        this.keys = keys;
        // Without a secret of its own, the server password keys the derivation: whoever knows it can read everything anyway.
        String key = serverSecret.isEmpty() ? "tally-bi:" + store.password() + ":" + store.url() : serverSecret;
        this.secret = key.getBytes(StandardCharsets.UTF_8);
    }

    /** The server user a workspace's BI statements run as. */
    public static String userOf(String workspaceId) {
        return USER_PREFIX + BiViews.databaseOf(workspaceId);
    }

    /** The workspace user's password: derived, never stored, never sent to a client. */
    public String password(String workspaceId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(("workspace:" + workspaceId).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    /** SHA-256 of {@link #password}, as the server stores it ({@code sha256_hash}, {@code password_sha256_hex}). */
    public String passwordSha256(String workspaceId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(password(workspaceId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Makes sure the workspace's user exists with its derived password and grants; throws {@link BiRefusal}
     * when the server can neither make it nor knows it already.
     */
    void ensure(String workspaceId, String database, BiLimits limits) {
        if (ready.contains(workspaceId)) {
            return;
        }
        String user = userOf(workspaceId);
        try {
            if (!sharedReady) {
                run(BiServerSql.shared(sharedValues(limits)));
                sharedReady = true;
            }
            run(BiServerSql.workspace(user, database, passwordSha256(workspaceId)));
        } catch (StoreException e) {
            if (e.code() != ACCESS_STORAGE_FOR_INSERTION_NOT_FOUND && e.code() != ACCESS_DENIED) {
                throw e;
            }
            if (clickHouse.query(BiServerSql.userExists(user)).single().longValue("users") == 0) {
                throw new BiRefusal(BiError.ACCESS_DENIED, "the ClickHouse server cannot make BI users (" + firstLine(e.getMessage())
                        + "): enable SQL-driven access control for Tally's user, or declare user " + user + " in the server's users configuration");
            }
            LOG.info("BI user {} is declared in the server's configuration; Tally did not make it", user);
        }
        ready.add(workspaceId);
    }

    /**
     * Forgets that the workspace's user was made, so the next statement makes it again: after the server refused
     * its password (another Tally instance dropped it, {@link #onKeyRevoked}, and a new key came since).
     */
    void forget(String workspaceId) {
        ready.remove(workspaceId);
    }

    /**
     * Drops the workspace's user on the server when its last {@code bi:read} key is revoked: a Tally key is the only
     * way to it, so no key, no user. In server mode only; a failure leaves the user (unreachable without a key) and is logged.
     */
    @EventListener
    void onKeyRevoked(ApiKeyRevoked event) {
        ApiKey revoked = event.key();
        if (!revoked.scopes().contains(Scope.BI_READ) || !"server".equals(clickHouse.engine())) {
            return;
        }
        try {
            boolean anotherKey = keys.list(revoked.workspaceId()).stream()
                    .anyMatch(key -> !key.id().equals(revoked.id()) && !key.revoked() && key.scopes().contains(Scope.BI_READ));
            if (!anotherKey) {
                revoke(revoked.workspaceId());
            }
        } catch (RuntimeException e) {
            // The key is revoked either way (Tally refuses it at once); the user, unreachable without a key, stays.
            LOG.warn("BI user {} was not dropped: {}", userOf(revoked.workspaceId()), firstLine(String.valueOf(e.getMessage())));
        }
    }

    /** Drops the workspace's user ({@code clickhouse/bi/revoke.sql}); on a server that cannot, leaves it as declared there. */
    public void revoke(String workspaceId) {
        ready.remove(workspaceId);
        try {
            run(BiServerSql.revoke(userOf(workspaceId)));
        } catch (StoreException e) {
            LOG.warn("BI user {} was not dropped: {}", userOf(workspaceId), firstLine(e.getMessage()));
        }
    }

    /** The shared profile's and quota's values from the BI limits. */
    public static Map<String, Long> sharedValues(BiLimits limits) {
        Map<String, Long> values = new LinkedHashMap<>();
        values.put("max_execution_time", (long) limits.maxExecutionTimeSeconds());
        values.put("max_result_rows", limits.maxResultRows());
        values.put("max_result_bytes", limits.maxResultBytes());
        values.put("max_rows_to_read", limits.maxRowsToRead());
        values.put("max_memory_usage", limits.maxMemoryUsage());
        values.put("max_threads", (long) limits.maxThreads());
        // Every BI statement is three queries on the server (the guard's EXPLAIN AST and EXPLAIN QUERY TREE, then the
        // statement), and ClickHouse counts EXPLAINs against a quota too: 600 statements a minute, as a key's allowance.
        values.put("queries_per_minute", 3 * 600L);
        values.put("execution_seconds_per_hour", 3_600L);
        values.put("read_rows_per_hour", limits.maxRowsToRead() * 10);
        return values;
    }

    private void run(Iterable<Sql> statements) {
        for (Sql statement : statements) {
            clickHouse.execute(statement);
        }
    }

    private static String firstLine(String message) {
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
