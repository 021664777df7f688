// Every webhook delivery's signature, checked with the Standard Webhooks reference library
// (npm `standardwebhooks`): the platform's signing secret verifies every delivery, and the
// receiver's secret verifies them exactly when the world has no signing-secret fault.
// Run: node --test tests/engine/  (builds and calls the faultline CLI).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { Webhook } = require("standardwebhooks");
const ROOT = new URL("../..", import.meta.url).pathname;

function faultline(...args) {
  const r = spawnSync("cargo", ["run", "-q", "-p", "faultline-engine", "--bin", "faultline", "--", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/// Verifies one delivery as the reference library does, at the moment it was sent.
function verifies(secret, x) {
  const h = Object.fromEntries(x.request.headers.map(([k, v]) => [k.toLowerCase(), v]));
  const realNow = Date.now;
  Date.now = () => Number(h["webhook-timestamp"]) * 1000;
  try {
    new Webhook(secret).verify(x.request.body, h);
    return true;
  } catch {
    return false;
  } finally {
    Date.now = realNow;
  }
}

/// Python's json.dumps with its defaults (", " and ": " separators, ASCII only), as a receiver
/// that verifies the parsed payload serialises it again.
function pyDumps(v) {
  if (Array.isArray(v)) return `[${v.map(pyDumps).join(", ")}]`;
  if (v && typeof v === "object") {
    return `{${Object.entries(v).map(([k, x]) => `${ascii(k)}: ${pyDumps(x)}`).join(", ")}}`;
  }
  return typeof v === "string" ? ascii(v) : JSON.stringify(v);
}
const ascii = (s) => JSON.stringify(s).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

const ticketFaults = faultline("faults", "--json")
  .filter((f) => f.flows.includes("crm-ticket"))
  .map((f) => f.id);

test("the catalogue has webhook faults to check", () => {
  assert.ok(ticketFaults.includes("webhook-signature-mismatch"));
  assert.ok(ticketFaults.length >= 8);
});

for (const fault of [null, ...ticketFaults]) {
  test(`deliveries verify with standardwebhooks: ${fault ?? "healthy"}`, () => {
    let checked = 0;
    for (const seed of [1, 2, 3]) {
      const args = ["trace", "--flow", "crm-ticket", "--seed", String(seed), "--format", "json"];
      if (fault) args.push("--fault", fault);
      const { evidence, answer } = faultline(...args);
      const secrets = answer.webhook_secrets;
      assert.ok(secrets.signing.startsWith("whsec_"));
      // The platform regenerated its secret unannounced, or the receiver's service still holds the old one.
      const mismatch = fault === "webhook-signature-mismatch" || fault === "webhook-receiver-stale-secret";
      assert.equal(secrets.signing !== secrets.receiver, mismatch, "the secrets differ only under a signing-secret fault");
      const deliveries = evidence.exchanges.filter((x) => x.request.headers.some(([k]) => k === "webhook-signature"));
      for (const x of deliveries) {
        checked += 1;
        assert.ok(verifies(secrets.signing, x), `the platform's own signature verifies (${x.started_at})`);
        const receiverOk = verifies(secrets.receiver, x);
        assert.equal(receiverOk, !mismatch, `with the receiver's secret (${x.started_at})`);
        // What the receiver really checks: the raw body, or the body its handler serialised again.
        const reserialized = fault === "webhook-body-reserialized";
        const checked_ok = reserialized
          ? verifies(secrets.receiver, { ...x, request: { ...x.request, body: pyDumps(JSON.parse(x.request.body)) } })
          : receiverOk;
        if (reserialized) assert.equal(checked_ok, false, "the re-serialised body does not verify, though the raw body does");
        const said = x.response?.body ?? "";
        if (said.includes("invalid_signature")) assert.equal(checked_ok, false, "the receiver rejects only what does not verify");
        if (!checked_ok && x.response) assert.ok(x.response.status >= 400, "a delivery that does not verify is not accepted");
      }
    }
    const sends = !["webhook-event-not-generated", "webhook-endpoint-disabled"].includes(fault);
    if (sends) assert.ok(checked > 0, "deliveries were sent and checked");
  });
}
