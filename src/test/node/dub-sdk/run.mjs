// Runs calls of Dub's published SDK (pinned in package.json) against a Tally and prints what each returned.
// Input (stdin): a JSON array of {"name", "operation": "analytics.retrieve" | "events.list", "request": {...}}.
// Environment: TALLY_BASE_URL (e.g. http://127.0.0.1:8080/api/v1, always a local Tally), TALLY_API_KEY.
// Output (stdout): a JSON array of {"name", "ok", "value"} or {"name", "ok": false, "error", "status", "body"}.
import { Dub } from "dub";

const baseUrl = process.env.TALLY_BASE_URL;
if (!/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(baseUrl ?? "")) {
  console.error(`TALLY_BASE_URL must point at a local Tally, got '${baseUrl}'`);
  process.exit(2);
}
const dub = new Dub({ token: process.env.TALLY_API_KEY, serverURL: baseUrl, retryConfig: { strategy: "none" } });
const operations = {
  "analytics.retrieve": (request) => dub.analytics.retrieve(request),
  "events.list": (request) => dub.events.list(request),
};

let input = "";
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const call of JSON.parse(input)) {
  try {
    const value = await operations[call.operation](call.request);
    results.push({ name: call.name, ok: true, value });
  } catch (error) {
    results.push({
      name: call.name, ok: false, error: `${error.constructor.name}: ${error.message}${issues(error.cause)}`.slice(0, 2000),
      status: error.statusCode ?? null, body: (error.body ?? (error.rawValue ? JSON.stringify(error.rawValue) : null))?.slice?.(0, 2000) ?? null,
    });
  }
}
process.stdout.write(JSON.stringify(results));

// Zod's reasons, deduplicated: which fields of the answer the SDK's schema refused.
function issues(cause) {
  const seen = new Set();
  const walk = (list) => {
    for (const issue of list ?? []) {
      if (issue.unionErrors) issue.unionErrors.forEach((u) => walk(u.issues));
      else if (issue.errors) issue.errors.forEach((e) => walk(e));
      else seen.add(`${issue.path.join(".")}: ${issue.message}`);
    }
  };
  walk(cause?.issues);
  return seen.size ? ` (${[...seen].slice(0, 40).join("; ")})` : "";
}
