package dev.tally.auth;

import java.util.Locale;
import java.util.Optional;

/** A workspace's plan, in ascending order of what it includes. */
public enum Plan {
    FREE, PRO, BUSINESS, ENTERPRISE;

    /** The plan's public name, e.g. {@code business}. */
    public String publicName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean includes(Plan required) {
        return compareTo(required) >= 0;
    }

    public static Optional<Plan> fromPublicName(String name) {
        for (Plan plan : values()) {
            if (plan.publicName().equals(name)) {
                return Optional.of(plan);
            }
        }
        return Optional.empty();
    }
}
