package dev.tally.cli;

import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.Map;

/** Defaults of the connection options from the environment ({@code TALLY_URL}, {@code TALLY_API_KEY}, {@code TALLY_ADMIN_TOKEN}). */
final class EnvironmentDefaults implements IDefaultValueProvider {
    private static final Map<String, String> VARIABLES = Map.of(
            "--url", "TALLY_URL", "--key", "TALLY_API_KEY", "--admin-token", "TALLY_ADMIN_TOKEN");

    private final Map<String, String> environment;

    EnvironmentDefaults(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public String defaultValue(ArgSpec argument) {
        if (argument instanceof OptionSpec option) {
            String variable = VARIABLES.get(option.longestName());
            return variable == null ? null : environment.get(variable);
        }
        return null;
    }
}
