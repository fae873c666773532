package dev.tally.bi;

import dev.tally.auth.Workspace;

import java.util.Map;
import java.util.Objects;

/**
 * One statement a BI client sent, with everything Tally decided about it before it runs.
 *
 * @param workspace  the key's workspace: the only one it reads
 * @param keyId      the key's id (limits and cancellation are per key)
 * @param text       the SQL, without a trailing {@code FORMAT} clause
 * @param parameters {@code param_<name>} values, by name
 * @param settings   the bounded connection arguments
 * @param format     the output format
 * @param queryId    the client's query id (or one Tally made)
 */
public record BiStatement(Workspace workspace, String keyId, String text, Map<String, String> parameters,
                          BiSettings settings, BiFormat format, String queryId) {
    public BiStatement {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(text, "text");
        parameters = Map.copyOf(parameters);
    }
}
