package dev.tally.reliability;

import dev.tally.auth.ApiKeys;
import dev.tally.auth.Plan;
import dev.tally.auth.Scope;
import dev.tally.auth.Workspace;
import dev.tally.auth.Workspaces;
import dev.tally.links.Link;
import dev.tally.links.LinkChanges;
import dev.tally.links.LinkService;
import io.micronaut.context.ApplicationContext;

import java.net.URI;
import java.time.ZoneId;
import java.util.EnumSet;

/**
 * A running Tally and what probes need of it: a business workspace with a key holding every scope, a link
 * in it, and a second workspace ("the stranger") with its own link and key, for cross-tenant probes. Made
 * through Tally's own services.
 */
record Target(URI base, String adminToken, Tenant owner, Tenant stranger, String sacrificialWorkspaceId, String sacrificialKeyId) {
    /** Properties a fuzzed application runs with: limits raised so the fuzzer reaches the routes, not the limiters. */
    static java.util.Map<String, Object> properties(String adminToken) {
        return java.util.Map.of("tally.admin.token", adminToken, "tally.rate-limit.limit", 100_000_000,
                "tally.auth.failures.limit", 100_000_000);
    }

    static Target create(ApplicationContext context, URI base, String adminToken) {
        Workspaces workspaces = context.getBean(Workspaces.class);
        Tenant owner = tenant(context, workspaces, "fuzz-owner");
        Tenant stranger = tenant(context, workspaces, "fuzz-stranger");
        Workspace sacrificial = workspaces.create("fuzz-sacrificial", null, Plan.BUSINESS, ZoneId.of("UTC")).workspace();
        String sacrificialKey = context.getBean(ApiKeys.class).issue(sacrificial.id(), "sacrificial", EnumSet.of(Scope.ANALYTICS_READ)).key().id();
        return new Target(base, adminToken, owner, stranger, sacrificial.id(), sacrificialKey);
    }

    private static Tenant tenant(ApplicationContext context, Workspaces workspaces, String name) {
        Workspace workspace = workspaces.create(name, null, Plan.BUSINESS, ZoneId.of("Europe/Berlin")).workspace();
        String key = context.getBean(ApiKeys.class).issue(workspace.id(), name, EnumSet.allOf(Scope.class)).secret();
        Link link = context.getBean(LinkService.class).create(workspace,
                new LinkChanges("https://example.com/" + name, null, null, "title", java.util.List.of("tag_1"), "fld_1", "ten_1", "ext_1", "grp_1", "pn_1"));
        return new Tenant(workspace, key, link);
    }

    /** A workspace, a key with every scope, and one of its links. */
    record Tenant(Workspace workspace, String apiKey, Link link) {
    }
}
