// The bad-input battery: every endpoint of the router, every attack of attacks.mjs. Each answer
// must be the expected 4xx in HubSpot's error shape, naming the field and the rule, and the SQLite
// file, read from outside the server, must be byte-for-byte the same before and after.
import assert from "node:assert/strict";
import test from "node:test";
import { emulator, UUID } from "../emulator/helpers.mjs";
import { openStore, snapshot } from "../emulator/store-snapshot.mjs";
import { BODY_LIMIT, CREDENTIAL, endpointAttacks, methodAttacks } from "./attacks.mjs";
import { ENDPOINTS } from "./endpoints.mjs";
import { send } from "./raw-http.mjs";

function assertRefused(response, { label, request, expect }) {
  const context = `${request.method} ${request.path.slice(0, 120)} [${label}] → ${response.status} ${response.text.slice(0, 300)}`;
  assert.ok([expect.status].flat().includes(response.status), `${context}\n  expected status ${expect.status}`);
  if (expect.allow) assert.equal(response.headers.allow, expect.allow, context);
  if (request.method === "HEAD") return; // no body to inspect
  const body = response.json;
  assert.equal(body?.status, "error", context);
  if (expect.category) assert.equal(body.category, expect.category, context);
  assert.match(body.correlationId, UUID, context);
  assert.ok(typeof body.message === "string" && body.message.length > 0, context);
  const sentences = [body.message, ...(body.errors ?? []).map((e) => e.message)].join(" | ");
  for (const words of expect.mentions ?? []) assert.ok(sentences.includes(words), `${context}\n  the error should mention ${JSON.stringify(words)}`);
  if (expect.field) {
    const named = (body.errors ?? []).filter((e) => e.in === expect.field);
    assert.ok(named.length > 0, `${context}\n  errors[].in should name ${expect.field}`);
    for (const e of named) assert.ok(typeof e.code === "string" && typeof e.message === "string", context);
    if (expect.code) assert.ok(named.some((e) => e.code === expect.code), `${context}\n  expected code ${expect.code}`);
  }
}

/**
 * Sends each attack with a store snapshot before and after; returns how many were sent. Every
 * failure is collected, so one run lists all of an endpoint's problems, not just the first.
 */
async function runAttacks(baseUrl, store, attacks) {
  const failures = [];
  for (const attack of attacks) {
    const before = snapshot(store);
    try {
      const response = await send(baseUrl, attack.request);
      assertRefused(response, attack);
      assert.equal(snapshot(store), before, `the store changed after ${attack.request.method} ${attack.request.path} [${attack.label}]`);
    } catch (error) {
      const where = error instanceof assert.AssertionError ? "" : `${attack.request.method} ${attack.request.path} [${attack.label}]: `;
      failures.push(where + error.message.split("\n").slice(0, 3).join("\n"));
    }
  }
  assert.deepEqual(failures, [], `${failures.length} of ${attacks.length} attacks were not refused as expected:\n${failures.join("\n")}`);
  return attacks.length;
}

test("every endpoint refuses every bad request with a clear 4xx and leaves the store unchanged", async (t) => {
  const server = await emulator(t, { tokens: [CREDENTIAL], bodyLimit: BODY_LIMIT });
  // Engagement 1, for the endpoints that read or patch one.
  const created = await server.client.call("POST", "/_emulator/engagements", { bearer: CREDENTIAL, body: { objectType: "CONTACT", objectId: 1, externalCallId: "battery-seed" } });
  assert.equal(created.status, 201, created.text);
  assert.equal(created.json.engagementId, 1);
  const store = openStore(t, server.dataDir);
  assert.match(snapshot(store), /battery-seed/, "the snapshot reads what the server wrote");

  const counts = [];
  for (const [key, endpoint] of Object.entries(ENDPOINTS)) {
    await t.test(key, async () => {
      counts.push([key, await runAttacks(server.url, store, endpointAttacks(key, endpoint))]);
    });
  }
  for (const route of server.routes) {
    await t.test(`unserved methods on ${route.pattern}`, async () => {
      counts.push([`405s on ${route.pattern}`, await runAttacks(server.url, store, methodAttacks(route, ENDPOINTS))]);
    });
  }

  const total = counts.reduce((sum, [, n]) => sum + n, 0);
  const width = Math.max(...counts.map(([k]) => k.length));
  console.log(["bad requests refused, store unchanged after each:", ...counts.map(([k, n]) => `  ${k.padEnd(width)} ${String(n).padStart(4)}`), `  ${"total".padEnd(width)} ${String(total).padStart(4)}`].join("\n"));
  assert.equal(counts.length, Object.keys(ENDPOINTS).length + server.routes.length, "every endpoint and route ran");
});
