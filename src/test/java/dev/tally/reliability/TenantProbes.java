package dev.tally.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Cross-tenant probes over every route of the route table that takes an id: the stranger's key asks for
 * the owner's id and for an id that exists nowhere, and the two answers must be identical once the id
 * itself is masked (same status, same body): a foreign id must be indistinguishable from an unknown one.
 * Ids that travel as parameters or body fields (linkId, url_id, link_id, workspace_id) are probed too.
 */
final class TenantProbes {
    private static final String UNKNOWN_LINK = "lnk_probeUnknown0000000000";
    private static final String UNKNOWN_KEY = "probeUnknownKey";

    record Probe(String description, int foreignStatus, int unknownStatus, boolean same, String foreignBody) {
    }

    private final Target target;
    private final Routes routes;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    TenantProbes(Target target, Routes routes) {
        this.target = target;
        this.routes = routes;
    }

    List<Probe> run() throws IOException, InterruptedException {
        List<Probe> probes = new ArrayList<>();
        String ownerLink = target.owner().link().id();
        String ownerKey = target.owner().link().key();
        for (Routes.Route route : routes.all()) {
            if (route.variables().isEmpty() || route.template().startsWith("/api/v1/workspaces") || route.template().startsWith("/{key")
                    || route.method().equals("HEAD") || route.method().equals("OPTIONS")) {
                continue; // the admin API has no tenant; the redirect is public by design
            }
            List<String> foreign = new ArrayList<>();
            List<String> unknown = new ArrayList<>();
            for (String variable : route.variables()) {
                boolean byKey = variable.equals("slug") || variable.equals("key");
                foreign.add(variable.equals("type") ? "click" : byKey ? ownerKey : ownerLink);
                unknown.add(variable.equals("type") ? "click" : byKey ? UNKNOWN_KEY : UNKNOWN_LINK);
            }
            String body = route.method().equals("GET") || route.method().equals("DELETE") ? "" : "{\"title\":\"probe\"}";
            probes.add(compare(route + " (path id)", route.method(), route.path(foreign), route.path(unknown), body, body));
        }
        for (String path : List.of("/api/v1/analytics/clicks?linkId=", "/api/v1/analytics?groupBy=count&linkId=",
                "/api/v1/events?linkId=", "/api/v1/analytics?groupBy=top_links&linkId=")) {
            probes.add(compare("GET " + path + "…", "GET", path + ownerLink, path + UNKNOWN_LINK, "", ""));
        }
        probes.add(compare("POST /v1/analytics url_id", "POST", "/v1/analytics", "/v1/analytics",
                "{\"start\":\"2026-01-01\",\"end\":\"2026-01-02\",\"url_id\":\"" + ownerLink + "\"}",
                "{\"start\":\"2026-01-01\",\"end\":\"2026-01-02\",\"url_id\":\"" + UNKNOWN_LINK + "\"}"));
        probes.add(compare("POST /v1/analytics workspace_id", "POST", "/v1/analytics", "/v1/analytics",
                "{\"start\":\"2026-01-01\",\"end\":\"2026-01-02\",\"workspace_id\":\"" + target.owner().workspace().id() + "\"}",
                "{\"start\":\"2026-01-01\",\"end\":\"2026-01-02\",\"workspace_id\":\"ws_probeUnknown\"}"));
        probes.add(compare("POST /api/v1/track/click link_id", "POST", "/api/v1/track/click", "/api/v1/track/click",
                "{\"link_id\":\"" + ownerLink + "\",\"ip\":\"81.2.69.142\"}", "{\"link_id\":\"" + UNKNOWN_LINK + "\",\"ip\":\"81.2.69.142\"}"));
        return probes;
    }

    private Probe compare(String description, String method, String foreignPath, String unknownPath, String foreignBody, String unknownBody)
            throws IOException, InterruptedException {
        HttpResponse<String> foreign = send(method, foreignPath, foreignBody);
        HttpResponse<String> unknown = send(method, unknownPath, unknownBody);
        String a = mask(foreign.body());
        String b = mask(unknown.body());
        boolean same = foreign.statusCode() == unknown.statusCode() && a.equals(b);
        return new Probe(description, foreign.statusCode(), unknown.statusCode(), same, a.length() > 300 ? a.substring(0, 300) : a);
    }

    private String mask(String body) {
        return body.replace(target.owner().link().id(), "<id>").replace(UNKNOWN_LINK, "<id>")
                .replace(target.owner().link().key(), "<id>").replace(UNKNOWN_KEY, "<id>")
                .replace(target.owner().workspace().id(), "<ws>").replace("ws_probeUnknown", "<ws>")
                .replaceAll("evt_[A-Za-z0-9]+", "<event>");
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(target.base().toString().replaceAll("/$", "") + path))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + target.stranger().apiKey())
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (!body.isEmpty()) {
            builder.header("Content-Type", "application/json");
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }
}
