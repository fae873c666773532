package dev.tally.api.admin;

import dev.tally.api.error.ApiException;
import dev.tally.auth.Plan;
import dev.tally.auth.Scope;
import dev.tally.query.TimeZones;
import io.micronaut.core.annotation.Nullable;

import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Turns the admin API's raw fields into typed values, or a 400 naming the field and what it accepts. */
final class AdminInput {
    static final int MAX_NAME_LENGTH = 200;
    private static final String PLANS = Arrays.stream(Plan.values()).map(Plan::publicName).collect(Collectors.joining(", "));
    private static final String SCOPES = Arrays.stream(Scope.values()).map(Scope::publicName).collect(Collectors.joining(", "));

    private AdminInput() {
    }

    static String name(@Nullable String name) {
        if (name == null || name.isBlank()) {
            throw ApiException.badRequest("name is required.");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw ApiException.badRequest("name must be at most " + MAX_NAME_LENGTH + " characters; got " + name.length() + ".");
        }
        return name.strip();
    }

    static Plan plan(String plan) {
        return Plan.fromPublicName(plan).orElseThrow(() ->
                ApiException.badRequest("plan must be one of " + PLANS + "; got '" + plan + "'."));
    }

    /** An IANA zone id that Java and the engine both know (offsets such as {@code +02:00} are refused). */
    static ZoneId timeZone(TimeZones known, String timeZone) {
        return known.find(timeZone).orElseThrow(() ->
                ApiException.badRequest("time_zone must be an IANA time zone such as Europe/Berlin; got '" + timeZone + "'."));
    }

    static @Nullable String organizationId(@Nullable String organizationId) {
        if (organizationId == null) {
            return null;
        }
        if (organizationId.isBlank() || organizationId.length() > MAX_NAME_LENGTH) {
            throw ApiException.badRequest("organization_id must be 1 to " + MAX_NAME_LENGTH + " characters.");
        }
        return organizationId;
    }

    static Set<Scope> scopes(@Nullable List<String> scopes) {
        if (scopes == null || scopes.isEmpty()) {
            throw ApiException.badRequest("scopes must be a non-empty list of " + SCOPES + ".");
        }
        Set<Scope> parsed = EnumSet.noneOf(Scope.class);
        for (String scope : scopes) {
            parsed.add(Scope.fromPublicName(scope == null ? "" : scope).orElseThrow(() ->
                    ApiException.badRequest("scopes: unknown scope '" + scope + "'; known scopes are " + SCOPES + ".")));
        }
        return parsed;
    }
}
