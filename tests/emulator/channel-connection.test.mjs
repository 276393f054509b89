// Help-desk channel connection: POST/GET/PATCH/DELETE …/settings/channel-connection (docs/protocol.md 6, E to H).
import assert from "node:assert/strict";
import test from "node:test";
import { assertError, emulator, ISO_DATE_TIME, PREFIXES } from "./helpers.mjs";

const HOOK = { url: "https://dialer.example.com/helpdesk", isReady: false };

for (const { name, pick } of PREFIXES) {
  test(`channel connection lifecycle on ${name}`, async (t) => {
    const api = pick((await emulator(t)).client);
    const created = await api("POST", "/50/settings/channel-connection", { body: HOOK });
    assert.equal(created.status, 200);
    assert.equal(created.json.url, HOOK.url);
    assert.equal(created.json.isReady, false);
    assert.match(created.json.createdAt, ISO_DATE_TIME);
    assert.match(created.json.updatedAt, ISO_DATE_TIME);

    assert.deepEqual((await api("GET", "/50/settings/channel-connection")).json, created.json);

    const patched = await api("PATCH", "/50/settings/channel-connection", { body: { isReady: true } });
    assert.equal(patched.status, 200);
    assert.equal(patched.json.isReady, true);
    assert.equal(patched.json.url, HOOK.url);
    assert.ok(Date.parse(patched.json.updatedAt) > Date.parse(created.json.updatedAt));

    const removed = await api("DELETE", "/50/settings/channel-connection");
    assert.equal(removed.status, 204);
    assert.equal(removed.text, "");
    assertError(assert, await api("GET", "/50/settings/channel-connection"), 404, "OBJECT_NOT_FOUND");
    assertError(assert, await api("DELETE", "/50/settings/channel-connection"), 404, "OBJECT_NOT_FOUND");
  });
}

test("the channel connection is independent of the calling settings", async (t) => {
  const { client } = await emulator(t);
  assert.equal((await client.v3("POST", "/51/settings/channel-connection", { body: HOOK })).status, 200);
  assertError(assert, await client.v3("GET", "/51/settings"), 404, "OBJECT_NOT_FOUND");
});

test("channel connection bodies are validated by the core", async (t) => {
  const { client } = await emulator(t);
  const missing = await client.dated("POST", "/52/settings/channel-connection", { body: {} });
  assertError(assert, missing, 400, "VALIDATION_ERROR");
  assert.deepEqual(missing.json.errors.map((e) => e.in).sort(), ["isReady", "url"]);

  const relative = await client.dated("POST", "/52/settings/channel-connection", { body: { url: "dialer.example.com/x", isReady: true } });
  assertError(assert, relative, 400, "VALIDATION_ERROR");
  assert.equal(relative.json.errors[0].in, "url");
  assert.match(relative.json.errors[0].message, /not an absolute http\(s\) URL/);

  await client.dated("POST", "/52/settings/channel-connection", { body: HOOK });
  const emptyPatch = await client.dated("PATCH", "/52/settings/channel-connection", { body: {} });
  assertError(assert, emptyPatch, 400, "VALIDATION_ERROR");
  assert.match(emptyPatch.json.message, /one or both of url and isReady/);
  assertError(assert, await client.dated("POST", "/52/settings/channel-connection", { body: HOOK }), 409, "CONFLICT");
  assertError(assert, await client.dated("PATCH", "/53/settings/channel-connection", { body: { isReady: true } }), 404, "OBJECT_NOT_FOUND");
});
