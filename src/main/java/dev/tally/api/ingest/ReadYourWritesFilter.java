package dev.tally.api.ingest;

import dev.tally.api.error.ApiException;
import dev.tally.api.error.ErrorCode;
import dev.tally.auth.Credential;
import dev.tally.store.PendingWrites;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps {@code /track}'s promise (ADR 0170): a 2xx means every request that starts after it sees the event,
 * though the event may still be in the track journal. Every request of a workspace's key — analytics, the
 * seed surfaces, exports and incremental sync, link edits — is held here, after authentication and before
 * its controller, until this instance has inserted every event of that workspace acknowledged before the
 * request arrived. The one place every keyed read passes; with nothing pending it is one map lookup.
 *
 * <p>Writes pass at once ({@code /track}, batches, imports): they read no events of their own, and holding
 * them would tie each {@code /track} answer to the background insert. Tricky: the wait never blocks the
 * event loop — the request resumes when the insert completes the future; it completes with the request
 * itself (see {@code ApiKeyFilter}).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class ReadYourWritesFilter implements Ordered {
    private final PendingWrites pending;
    private final ExecutorService io;

    ReadYourWritesFilter(PendingWrites pending, @Named(TaskExecutors.IO) ExecutorService io) {
        this.pending = pending;
        this.io = io;
    }

    @RequestFilter
    CompletableFuture<HttpRequest<?>> await(HttpRequest<?> request) {
        if (!(request.getAttribute(Credential.ATTRIBUTE, Credential.class).orElse(null) instanceof Credential.Valid valid)
                || isWrite(request.getPath())) {
            return CompletableFuture.completedFuture(request);
        }
        CompletableFuture<Void> visible = pending.visible(valid.workspace().id());
        if (visible.isDone()) {
            return CompletableFuture.completedFuture(request);
        }
        // Resumed on the IO pool, never on the journal's insert thread that completes the wait.
        CompletableFuture<HttpRequest<?>> resumed = new CompletableFuture<>();
        visible.orTimeout(PendingWrites.MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS).whenCompleteAsync((ready, failure) -> {
            if (failure != null) {
                resumed.completeExceptionally(new ApiException(ErrorCode.UNAVAILABLE, PendingWrites.notInserted().getMessage()));
            } else {
                resumed.complete(request);
            }
        }, io);
        return resumed;
    }

    private static boolean isWrite(String path) {
        return path.startsWith("/api/v1/track/") || path.equals("/api/v1/events/batch") || path.startsWith("/api/v1/events/import");
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }
}
