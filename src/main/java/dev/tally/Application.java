package dev.tally;

import dev.tally.store.StoreStartupException;
import io.micronaut.context.exceptions.BeanInstantiationException;
import io.micronaut.context.exceptions.DependencyInjectionException;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.exceptions.ApplicationStartupException;

/** Starts Tally; a start-up failure caused by the machine or the configuration prints one line saying what to fix. */
public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.build(args)
                .mainClass(Application.class)
                .mapError(BeanInstantiationException.class, Application::reportStartupFailure)
                .mapError(DependencyInjectionException.class, Application::reportStartupFailure)
                .mapError(ApplicationStartupException.class, Application::reportStartupFailure)
                .mapError(StoreStartupException.class, Application::reportStartupFailure)
                .start();
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
