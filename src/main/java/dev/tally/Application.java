package dev.tally;

import dev.tally.store.ProcessExit;
import dev.tally.store.StoreStartupException;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.EmbeddedApplication;
import io.micronaut.context.exceptions.BeanInstantiationException;
import io.micronaut.context.exceptions.DependencyInjectionException;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.exceptions.ApplicationStartupException;

/** Starts Tally; a start-up failure caused by the machine or the configuration prints one line saying what to fix. */
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
