package dev.tally;

import dev.tally.store.ProcessExit;
import dev.tally.store.StoreStartupException;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.EmbeddedApplication;
import io.micronaut.context.exceptions.BeanInstantiationException;
import io.micronaut.context.exceptions.DependencyInjectionException;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.exceptions.ApplicationStartupException;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Starts Tally; a start-up failure caused by the machine or the configuration prints one line saying what to fix. */
@OpenAPIDefinition(
        info = @Info(title = "Tally", version = "0.1.0",
                description = "Link-analytics OLAP backend on ClickHouse: five analytics surfaces from one query core, ingest, "
                        + "links, exports, the admin API and operations. Every `/api/v1/**` and `/v1/**` route takes "
                        + "`Authorization: Bearer tly_live_…`; the key's scopes (`analytics:read`, `events:write`, `links:write`, "
                        + "`bi:read`) decide what it may call, the admin token (`TALLY_ADMIN_TOKEN`) the admin API and `/metrics`. "
                        + "Each surface answers errors in its own shape (see each route's 4xx responses); every answer carries "
                        + "`X-Request-Id`."),
        tags = {
                @Tag(name = "analytics", description = "Aggregates: the native analytics API and the four seed surfaces"),
                @Tag(name = "events", description = "Individual events and exports"),
                @Tag(name = "ingest", description = "Tracking events"),
                @Tag(name = "links", description = "Short links and the redirect"),
                @Tag(name = "admin", description = "Workspaces and API keys (admin token)"),
                @Tag(name = "bi", description = "ClickHouse's HTTP protocol for BI tools"),
                @Tag(name = "operations", description = "Health, metrics, this document")})
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "A workspace API key (tly_live_…) or, for the admin API and /metrics, the admin token.")
@SecurityScheme(name = "clickhouse-basic", type = SecuritySchemeType.HTTP, scheme = "basic",
        description = "The BI endpoint, as ClickHouse drivers send it: user = the workspace id, password = a bi:read API key.")
public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        ApplicationContext context = Micronaut.build(args)
                .mainClass(Application.class)
                .mapError(BeanInstantiationException.class, Application::reportStartupFailure)
                .mapError(DependencyInjectionException.class, Application::reportStartupFailure)
                .mapError(ApplicationStartupException.class, Application::reportStartupFailure)
                .mapError(StoreStartupException.class, Application::reportStartupFailure)
                .start();
        // On SIGTERM: the server's ordered stop first, then the engine (ProcessExit); before this line
        // (start-up) the engine alone is torn down, which makes start-up stop at its next engine call.
        // Tricky: stop it as Micronaut's own shutdown hook does (server, then context): closing the
        // context directly takes the two locks in the other order and deadlocked with that hook.
        EmbeddedApplication<?> server = context.getBean(EmbeddedApplication.class);
        ProcessExit.closeFirst(server::stop);
    }

    private static int reportStartupFailure(Throwable failure) {
        Throwable cause = failure;
        while (cause != null && !(cause instanceof StoreStartupException)) {
            cause = cause.getCause();
        }
        if (cause != null) {
            System.err.println("tally: cannot start: " + cause.getMessage());
        } else {
            Throwable root = failure;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            System.err.println("tally: cannot start: " + root.getMessage());
        }
        return 1;
    }
}
