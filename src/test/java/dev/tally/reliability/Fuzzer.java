package dev.tally.reliability;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * A seeded fuzzer over every route of the route table: bad types, huge and tiny numbers, dates at the
 * edges, unicode (also broken UTF-8 and lone surrogates), deep JSON, wrong content types and encodings,
 * duplicated parameters, wrong methods and credentials. Each answer must be below 500 (or a
 * {@link KnownFailures} entry) and, when an error, in its surface's shape ({@link ErrorShapes}) without
 * framework internals in it. The same seed sends the same requests.
 */
final class Fuzzer {
    private static final List<String> PARAMETERS = List.of("groupBy", "event", "interval", "start", "end", "timezone", "limit",
            "page", "pageSize", "sortOrder", "sortBy", "order", "qr", "programId", "partnerTagId", "domain", "key", "linkId", "pageId",
            "externalId", "tenantId", "tagId", "tagIds", "folderId", "groupId", "partnerId", "customerId", "country", "city", "region",
            "continent", "device", "browser", "os", "trigger", "referer", "refererUrl", "url", "utm_source", "utm_medium", "utm_campaign",
            "utm_term", "utm_content", "root", "saleType", "query", "period", "search", "tag_id", "folder_id", "tenant_id", "page_size",
            "format", "after", "qr");
    private static final List<String> VALUES = List.of("", " ", "abc", "0", "-1", "1", "2", "100", "5000", "5001", "1e309", "-0", "1.5",
            "NaN", "Infinity", "2147483648", "9223372036854775807", "9223372036854775808", "-9223372036854775809", "00000000001",
            "2026-03-01", "2026-02-30", "2026-13-01", "1970-01-01", "1900-01-01", "2299-12-31", "2300-01-01", "2026-03-01T00:00:00Z",
            "2026-03-01T25:00:00", "2026-03-01T00:00:00+25:00", "2026-03-01T00:00:00.123456789Z", "yesterday",
            // Issue 11 defects 1 and 6: far-future ends (with or without a start), years outside four digits, offsets without a colon.
            "9999-12-31", "10000-01-01", "0000-01-01", "%2B999999999-12-31", "-999999999-01-01", "2100-01-01", "2026-01-31T12:00:00%2B0530",
            "count", "timeseries", "countries", "cities", "top_links", "top_tags", "trigger", "top_link_tags", "top_partners", "clicks",
            "leads", "sales", "composite", "views", "24h", "7d", "30d", "90d", "1y", "all", "all_unfiltered", "mtd", "2w",
            "UTC", "America/New_York", "Europe/Berlin", "SystemV/EST5", "+05:30", "UTC+3", "Mars/Olympus", "asc", "desc", "timestamp",
            "true", "false", "yes", "US", "-US", "US,GB", "-US,GB", "USA", "us", "-", ",", ",,,", "EU", "XX", "qr", "link", "pageview",
            "new", "recurring", "-ptag_1", "ptag_1", "lnk_unknown", "ext_1", "tag_1", "fld_1", "csv", "parquet",
            "%E6%97%A5%E6%9C%AC", "%F0%9F%98%80", "%ED%A0%80", "%FF%FE", "%00", "%0D%0A", "%22%27%3B--", "%27)%20OR%201%3D1--",
            "a".repeat(3000), "metadata%5B'plan'%5D%3A'Pro'");
    private static final List<String> PATH_VALUES = List.of("", "x", "lnk_unknown", "abc", "..", "%2e%2e", "%00", "%E6%97%A5",
            "%F0%9F%98%80", "%ED%A0%80", "%FF", "null", "-1", "9223372036854775808", "a".repeat(300), "A_b-9", "%20", "click", "view",
            "lead", "sale", "bogus", "ws_unknown", "key_unknown", "_root");
    private static final List<String> CONTENT_TYPES = List.of("text/plain", "application/xml", "multipart/form-data; boundary=x",
            "application/x-www-form-urlencoded", "application/json; charset=iso-8859-1", "application/octet-stream", "*/*", "garbage");
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
    private static final List<String> FIELDS = List.of("url", "domain", "key", "title", "tag_ids", "folder_id", "tenant_id", "external_id",
            "group_id", "partner_id", "event", "event_id", "timestamp", "link_id", "page_id", "ip", "user_agent", "referer", "trigger",
            "country", "region", "city", "continent", "device", "browser", "os", "click_id", "customer_id", "event_name", "amount",
            "currency", "sale_type", "invoice_id", "metadata", "start", "end", "limit", "cursor", "workspace_id", "url_id", "name", "plan",
            "time_zone", "organization_id", "scopes");

    /** One generated request, kept to reproduce a finding. */
    record Request(String method, String path, String query, Map<String, String> headers, byte[] body, String description) {
        String uri() {
            return path + (query.isEmpty() ? "" : "?" + query);
        }

        String curl(URI base) {
            StringBuilder out = new StringBuilder("curl -s -X ").append(method).append(" '").append(base.toString().replaceAll("/$", "")).append(uri()).append('\'');
            headers.forEach((name, value) -> out.append(" -H '").append(name).append(": ").append(value.length() > 80 ? value.substring(0, 40) + "…" : value).append('\''));
            if (body.length > 0) {
                String text = new String(body, StandardCharsets.UTF_8);
                out.append(" --data-binary '").append(text.length() > 200 ? text.substring(0, 200) + "…(" + body.length + " bytes)" : text).append('\'');
            }
            return out.toString();
        }
    }

    /** A request whose answer broke a rule. */
    record Finding(Request request, int status, String problem, String knownAs) {
    }

    /** What a run did and found. */
    record Result(long seed, int requests, Map<Integer, Integer> statuses, List<Finding> serverErrors, List<Finding> known,
                  List<Finding> shapeViolations) {
        long fiveHundreds() {
            return statuses.entrySet().stream().filter(e -> e.getKey() >= 500).mapToLong(Map.Entry::getValue).sum();
        }
    }

    private final Target target;
    private final Routes routes;
    private final JsonMapper json;
    private final HttpClient http;
    private final Random random;
    private final long seed;

    Fuzzer(Target target, Routes routes, JsonMapper json, long seed) {
        // Tricky: java.net.http refuses to set Host unless told before its first use; the redirect routes on it.
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
        this.target = target;
        this.routes = routes;
        this.json = json;
        this.seed = seed;
        this.random = new Random(seed);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    Result run(int count) throws InterruptedException {
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<Finding> serverErrors = new ArrayList<>();
        List<Finding> known = new ArrayList<>();
        List<Finding> shapes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Routes.Route route = routes.all().get(random.nextInt(routes.all().size()));
            Request request = generate(route);
            Answer answer = send(request);
            statuses.merge(answer.status(), 1, Integer::sum);
            if (answer.status() >= 500 || answer.status() == 0) {
                String knownAs = KnownFailures.match(request, answer.text()).orElse(null);
                Finding finding = new Finding(request, answer.status(), answer.excerpt(), knownAs);
                (knownAs == null ? serverErrors : known).add(finding);
            } else if (answer.status() >= 400) {
                String problem = ErrorShapes.violation(request.method(), decodedPath(request.path()), answer.status(), answer.contentType(), answer.parsed(),
                        answer.text());
                if (problem.isEmpty() && ErrorShapes.leaksInternals(answer.text())) {
                    problem = "the message shows framework internals: …" + ErrorShapes.leak(answer.text()) + "…";
                }
                if (!problem.isEmpty()) {
                    String knownAs = KnownFailures.match(request, problem).orElse(null);
                    (knownAs == null ? shapes : known).add(new Finding(request, answer.status(), problem + ": " + answer.excerpt(), knownAs));
                }
            }
        }
        return new Result(seed, count, statuses, serverErrors, known, shapes);
    }

    private Request generate(Routes.Route route) {
        String method = random.nextInt(10) == 0 ? pick(METHODS) : route.method();
        List<String> values = new ArrayList<>();
        for (String variable : route.variables()) {
            values.add(pathValue(variable));
        }
        String path = route.path(values);
        StringBuilder query = new StringBuilder();
        int parameters = random.nextInt(7);
        for (int i = 0; i < parameters; i++) {
            String name = random.nextInt(12) == 0 ? "x" + random.nextInt(5) : pick(PARAMETERS);
            String value = pick(VALUES);
            append(query, name, value);
            if (random.nextInt(12) == 0) {
                append(query, name, pick(VALUES)); // duplicated parameter
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        boolean admin = route.template().startsWith("/api/v1/workspaces");
        int credential = random.nextInt(20);
        if (credential < 16) {
            headers.put("Authorization", "Bearer " + (admin ? target.adminToken() : target.owner().apiKey()));
        } else if (credential < 18) {
            headers.put("Authorization", "Bearer tly_live_" + "x".repeat(random.nextInt(3) == 0 ? 43 : 5));
        } else if (credential == 18) {
            headers.put("Authorization", pick(List.of("Basic Zm9vOmJhcg==", "Bearer", "bearer " + target.owner().apiKey(), "Bearer  x")));
        }
        if (route.template().startsWith("/{key")) {
            headers.put("Host", pick(List.of("tly.sh", "tly.sh:8080", "example.com", "TLY.SH", "")));
        }
        byte[] body = new byte[0];
        String description = route.toString();
        if (List.of("POST", "PUT", "PATCH").contains(method) || random.nextInt(20) == 0) {
            boolean ndjson = route.template().equals("/api/v1/events/batch");
            body = body(ndjson);
            if (KnownFailures.HOLD_BACK_LONE_SURROGATES_IN_LINK_WRITES && route.template().startsWith("/api/v1/links")) {
                body = withoutLoneSurrogates(body);
            }
            int type = random.nextInt(10);
            headers.put("Content-Type", type < 8 ? (ndjson ? "application/x-ndjson" : "application/json") : pick(CONTENT_TYPES));
            int encoding = random.nextInt(30);
            if (encoding == 0) {
                headers.put("Content-Encoding", "gzip"); // a plain body under a gzip header
            } else if (encoding == 1) {
                headers.put("Content-Encoding", "gzip");
                body = gzip(body);
            } else if (encoding == 2) {
                headers.put("Content-Encoding", pick(List.of("br", "deflate", "identity", "x-bogus")));
            }
        }
        return new Request(method, path, query.toString(), headers, body, description);
    }

    private String pathValue(String variable) {
        int choice = random.nextInt(10);
        if (choice < 4) {
            return switch (variable) {
                case "id", "link_id" -> target.owner().link().id();
                case "slug", "key" -> target.owner().link().key();
                case "workspaceId" -> target.sacrificialWorkspaceId();
                case "keyId" -> target.sacrificialKeyId();
                case "type" -> pick(List.of("click", "view", "lead", "sale"));
                default -> "x";
            };
        }
        return pick(PATH_VALUES);
    }

    private byte[] body(boolean ndjson) {
        int kind = random.nextInt(40);
        if (kind == 0) {
            return new byte[0];
        }
        if (kind == 1) {
            return new byte[] {'{', '"', 'u', 'r', 'l', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}; // broken UTF-8
        }
        if (kind == 2) {
            int depth = 50 + random.nextInt(3000);
            return ("{\"metadata\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + ",\"event\":\"lead\"}").getBytes(StandardCharsets.UTF_8);
        }
        if (kind == 3) {
            int depth = 50 + random.nextInt(3000);
            return ("[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.UTF_8);
        }
        if (kind == 4) {
            return "{\"url\": \"https://example.com/\", ".getBytes(StandardCharsets.UTF_8); // truncated
        }
        if (kind == 5) {
            return "{\"title\":\"\\udfff\",\"url\":\"https://example.com/x\",\"name\":\"\\ud800\"}".getBytes(StandardCharsets.UTF_8);
        }
        StringBuilder out = new StringBuilder();
        int lines = ndjson ? 1 + random.nextInt(5) : 1;
        for (int line = 0; line < lines; line++) {
            out.append(jsonObject(2)).append(ndjson ? "\n" : "");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private String jsonObject(int depth) {
        StringBuilder out = new StringBuilder("{");
        int fields = random.nextInt(8);
        for (int i = 0; i < fields; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append('"').append(random.nextInt(15) == 0 ? "unknown_" + i : pick(FIELDS)).append("\":").append(jsonValue(depth));
        }
        return out.append('}').toString();
    }

    private String jsonValue(int depth) {
        return switch (random.nextInt(depth > 0 ? 12 : 10)) {
            case 0 -> "null";
            case 1 -> pick(List.of("true", "false"));
            case 2 -> pick(List.of("0", "-1", "12.9", "1e400", "-1e400", "9223372036854775808", "1E2", "0.0000001", "123456789012345678901234567890"));
            case 3 -> "\"" + pick(List.of("click", "lead", "sale", "view", "new", "recurring", "link", "qr", "business", "free", "UTC",
                    "SystemV/AST4", "Europe/Berlin", "analytics:read", "tly.sh")) + "\"";
            case 4 -> "\"" + pick(List.of("2026-03-01", "2026-03-01T00:00:00Z", "9999-12-31", "10000-01-01", "0000-01-01", "+999999999-12-31",
                    "2026-02-30", "yesterday", "1970-01-01T00:00:00Z")) + "\"";
            case 5 -> "\"" + pick(List.of("https://example.com/a", "https://evil.example\\u65e5@good.example/", "javascript:alert(1)",
                    "https://b\\u00fccher.example/\\u65e5", "http://[::1/", "https://example.com/\\r\\n", "//x")) + "\"";
            case 6 -> "\"" + pick(List.of("\\u0000", "\\ud800", "\\udfff", "\\uD83D\\uDE00", "\\u65e5\\u672c", "a\\\"b", "", " ",
                    "a".repeat(3000), "lnk_unknown", target.owner().link().id(), target.stranger().link().id())) + "\"";
            case 7 -> "[" + jsonValue(depth - 1) + "," + jsonValue(depth - 1) + "]";
            case 8 -> "[\"analytics:read\",\"bogus\"]";
            case 9 -> Long.toString(random.nextLong());
            default -> jsonObject(depth - 1);
        };
    }

    private Answer send(Request request) throws InterruptedException {
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(target.base().toString().replaceAll("/$", "") + request.uri()))
                    .timeout(Duration.ofSeconds(60))
                    .method(request.method(), request.body().length == 0 && !List.of("POST", "PUT", "PATCH").contains(request.method())
                            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(request.body()));
            request.headers().forEach((name, value) -> {
                if (!value.isEmpty()) {
                    builder.header(name, value);
                }
            });
            HttpResponse<byte[]> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            Object parsed = null;
            if (contentType.contains("json") && response.body().length > 0) {
                try {
                    parsed = json.readValue(response.body(), Argument.OBJECT_ARGUMENT);
                } catch (IOException e) {
                    parsed = null;
                }
            }
            return new Answer(response.statusCode(), contentType, new String(response.body(), StandardCharsets.UTF_8), parsed);
        } catch (IOException | IllegalArgumentException e) {
            // No answer at all (connection reset, malformed request the client itself refuses) counts as status 0.
            return new Answer(e instanceof IllegalArgumentException ? 400 : 0, "", e.toString(), null);
        }
    }

    private record Answer(int status, String contentType, String text, Object parsed) {
        String excerpt() {
            return text.length() > 300 ? text.substring(0, 300) + "…" : text;
        }
    }

    // The fuzzer's lone surrogates are exactly these two escapes (its valid pair is written upper-case).
    private static byte[] withoutLoneSurrogates(byte[] body) {
        return new String(body, StandardCharsets.UTF_8).replace("\\ud800", "\\u00e9").replace("\\udfff", "\\u00e8")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String decodedPath(String path) {
        try {
            return new URI("http://h" + path).getPath();
        } catch (java.net.URISyntaxException e) {
            return path;
        }
    }

    private static void append(StringBuilder query, String name, String value) {
        if (!query.isEmpty()) {
            query.append('&');
        }
        // Values in the pool are written already percent-encoded where they must be; encode the rest.
        query.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(value.contains("%") ? value : URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(body);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
