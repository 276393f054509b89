// Every error class of the REST endpoints, in HubSpot's error shape: 400 (malformed JSON, bad
// appId), 401, 404, 405, 413; and credential restriction with `tokens`.
import assert from "node:assert/strict";
import test from "node:test";
import { assertError, DATED, emulator, SETTINGS, V3 } from "./helpers.mjs";

test("missing or empty credentials are 401, per prefix's auth style", async (t) => {
  const { client } = await emulator(t);
  assertError(assert, await client.call("GET", `${V3}/1/settings`), 401, "INVALID_AUTHENTICATION");
  assertError(assert, await client.call("GET", `${V3}/1/settings`, { hapikey: "" }), 401, "INVALID_AUTHENTICATION");
  assertError(assert, await client.call("GET", `${DATED}/1/settings`), 401, "INVALID_AUTHENTICATION");
  assertError(assert, await client.call("GET", `${DATED}/1/settings`, { headers: { authorization: "Bearer " } }), 401, "INVALID_AUTHENTICATION");
  assertError(assert, await client.call("GET", `${DATED}/1/settings`, { headers: { authorization: "Basic dTpw" } }), 401, "INVALID_AUTHENTICATION");
  // Each prefix takes its own style only: a Bearer token does not open /crm/v3, nor a hapikey /2026-03.
  const bearerOnV3 = await client.call("GET", `${V3}/1/settings`, { bearer: "t" });
  assertError(assert, bearerOnV3, 401, "INVALID_AUTHENTICATION");
  assert.match(bearerOnV3.json.message, /hapikey/);
  assertError(assert, await client.call("GET", `${DATED}/1/settings`, { hapikey: "k" }), 401, "INVALID_AUTHENTICATION");
  // Credentials come before anything else: no 404 or 400 leaks to an anonymous caller.
  assertError(assert, await client.call("POST", `${V3}/1/settings`, { body: "{" }), 401, "INVALID_AUTHENTICATION");
});

test("by default any non-empty hapikey or Bearer token is accepted", async (t) => {
  const { client } = await emulator(t);
  assert.equal((await client.call("GET", `${V3}/1/settings`, { hapikey: "anything" })).status, 200);
  assert.equal((await client.call("GET", `${DATED}/1/settings`, { bearer: "whatever" })).status, 200);
});

test("tokens restricts credentials to the listed values, in both styles", async (t) => {
  const { client } = await emulator(t, { tokens: ["key-1", "token-2"] });
  assert.equal((await client.call("GET", `${V3}/1/settings`, { hapikey: "key-1" })).status, 200);
  assert.equal((await client.call("GET", `${DATED}/1/settings`, { bearer: "token-2" })).status, 200);
  const refused = await client.call("GET", `${V3}/1/settings`, { hapikey: "key-3" });
  assertError(assert, refused, 401, "INVALID_AUTHENTICATION");
  assert.match(refused.json.message, /accepted tokens/);
  assertError(assert, await client.call("GET", `${DATED}/1/settings`, { bearer: "key-10" }), 401, "INVALID_AUTHENTICATION");
});

test("CALLCORE_EMULATOR_TOKENS restricts credentials when no tokens option is given", async (t) => {
  const saved = process.env.CALLCORE_EMULATOR_TOKENS;
  process.env.CALLCORE_EMULATOR_TOKENS = " alpha , beta ";
  t.after(() => (saved === undefined ? delete process.env.CALLCORE_EMULATOR_TOKENS : (process.env.CALLCORE_EMULATOR_TOKENS = saved)));
  const { client } = await emulator(t, { tokens: undefined });
  assert.equal((await client.call("GET", `${V3}/1/settings`, { hapikey: "beta" })).status, 200);
  assertError(assert, await client.call("GET", `${V3}/1/settings`, { hapikey: "gamma" }), 401, "INVALID_AUTHENTICATION");
});

test("unknown paths are 404 in HubSpot's shape", async (t) => {
  const { client } = await emulator(t);
  assertError(assert, await client.v3("GET", "/1/other"), 404, "OBJECT_NOT_FOUND");
  assertError(assert, await client.call("GET", "/crm/v4/anything"), 404, "OBJECT_NOT_FOUND");
  assertError(assert, await client.call("GET", "/_emulator/nothing"), 404, "OBJECT_NOT_FOUND");
});

test("a wrong method is 405 with an Allow header", async (t) => {
  const { client } = await emulator(t);
  for (const [path, allow] of [
    [`${V3}/1/settings`, "POST, GET, PATCH, DELETE"],
    [`${DATED}/1/settings/channel-connection`, "POST, GET, PATCH, DELETE"],
    ["/_emulator/records", "GET"],
    ["/_emulator/engagements", "POST"],
  ]) {
    const response = await client.call("PUT", path, { hapikey: "k", bearer: "t", body: {} });
    assertError(assert, response, 405, "METHOD_NOT_ALLOWED");
    assert.equal(response.headers.get("allow"), allow, path);
  }
});

test("malformed JSON is a 400 before the core sees it", async (t) => {
  const { client } = await emulator(t);
  for (const body of ['{"name": ', "not json", ""]) {
    const response = await client.v3("POST", "/60/settings", { body, headers: { "content-type": "application/json" } });
    assertError(assert, response, 400, "VALIDATION_ERROR");
    assert.match(response.json.message, /^Invalid input JSON/);
    assert.equal(response.json.errors[0].code, "MALFORMED_JSON");
  }
  assertError(assert, await client.dated("PATCH", "/1/settings", { body: "{,}" }), 400, "VALIDATION_ERROR");
});

test("strings no store keeps intact are a 400 from the core, naming the field", async (t) => {
  const { client } = await emulator(t);
  // JSON.stringify writes U+0000 and a lone surrogate as the escapes \u0000 and \ud83d.
  const settings = await client.v3("POST", "/61/settings", { body: { ...SETTINGS, name: "Acme\u0000", url: "https://x.example/\ud83d" } });
  assertError(assert, settings, 400, "VALIDATION_ERROR");
  assert.deepEqual(settings.json.errors, [
    { in: "name", code: "FIELD_FORMAT", message: "settings.create: name contains U+0000, which is not allowed in text" },
    { in: "url", code: "FIELD_FORMAT", message: "settings.create: url contains a lone UTF-16 surrogate (\\uD83D), which is not valid Unicode" },
  ]);
  assert.equal(settings.json.message, `Invalid input: ${settings.json.errors.map((e) => e.message).join("; ")}`);
  const call = await client.dated("POST", "/inbound-call", { body: { engagementProperties: { hs_call_body: "\udc00" } } });
  assertError(assert, call, 400, "VALIDATION_ERROR");
  assert.deepEqual(call.json.errors.map((e) => [e.in, e.code]), [["engagementProperties.hs_call_body", "FIELD_FORMAT"]]);
  // The host page's own API is read by the core too, as kind "json": its reading rules, no schema.
  const before = (await client.call("GET", "/_emulator/records/contacts/1")).json;
  const record = await client.call("PATCH", "/_emulator/records/contacts/1", { body: { firstName: "Ann\u0000" } });
  assertError(assert, record, 400, "VALIDATION_ERROR");
  assert.deepEqual(record.json.errors, [{ in: "firstName", code: "FIELD_FORMAT", message: "json: firstName contains U+0000, which is not allowed in text" }]);
  assert.deepEqual((await client.call("GET", "/_emulator/records/contacts/1")).json, before);
  // A valid pair is text like any other.
  const smile = await client.call("PATCH", "/_emulator/records/contacts/1", { body: { firstName: "Ann \ud83d\ude00" } });
  assert.equal(smile.status, 200, smile.text);
  assert.equal(smile.json.firstName, "Ann \u{1F600}");
});

test("a body over the limit is 413, whether announced by Content-Length or streamed", async (t) => {
  const { client, url } = await emulator(t, { bodyLimit: 1024 });
  const big = { ...SETTINGS, name: "x".repeat(2000) };
  assertError(assert, await client.v3("POST", "/61/settings", { body: big }), 413, "PAYLOAD_TOO_LARGE");

  // Chunked, so the server finds out only while reading.
  const stream = new ReadableStream({
    start(controller) {
      for (let i = 0; i < 4; i++) controller.enqueue(new TextEncoder().encode(" ".repeat(600)));
      controller.close();
    },
  });
  const response = await fetch(`${url}crm/v3/extensions/calling/61/settings?hapikey=k`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: stream,
    duplex: "half",
  });
  assert.equal(response.status, 413);
  assert.equal((await response.json()).category, "PAYLOAD_TOO_LARGE");

  assertError(assert, await client.v3("GET", "/61/settings"), 404, "OBJECT_NOT_FOUND");
  // Just under the limit is fine.
  assert.equal((await client.v3("POST", "/61/settings", { body: { ...SETTINGS, name: "x".repeat(700) } })).status, 200);
});

test("the default limit is 1 MiB", async (t) => {
  const { client } = await emulator(t);
  const big = { ...SETTINGS, name: "x".repeat(1024 * 1024) };
  assertError(assert, await client.v3("POST", "/62/settings", { body: big }), 413, "PAYLOAD_TOO_LARGE");
});

test("POST and PATCH need Content-Type: application/json (no simple cross-site requests)", async (t) => {
  const { client } = await emulator(t);
  const cases = [
    ["POST", "/crm/v3/extensions/calling/63/settings?hapikey=k", "text/plain"],
    ["PATCH", "/crm/v3/extensions/calling/1/settings?hapikey=k", "application/x-www-form-urlencoded"],
    ["POST", "/_emulator/records/contacts", "text/plain;charset=UTF-8"],
    ["POST", "/_emulator/helpdesk/1/numbers", undefined],
  ];
  for (const [method, path, type] of cases) {
    const headers = type ? { "content-type": type } : {};
    const response = await client.call(method, path, { headers, body: type ? "{}" : undefined });
    assertError(assert, response, 415, "UNSUPPORTED_MEDIA_TYPE");
    assert.match(response.json.message, /Content-Type: application\/json/);
  }
  const withCharset = await client.call("POST", "/_emulator/caller-id", { body: '{"phoneNumber":"+18884827768"}', headers: { "content-type": "application/json; charset=utf-8" } });
  assert.equal(withCharset.status, 200);
});

test("appId must be a positive 32-bit integer", async (t) => {
  const { client } = await emulator(t);
  for (const appId of ["0", "-1", "abc", "1.5", "2147483648", "01", "99999999999"]) {
    const response = await client.dated("GET", `/${appId}/settings`);
    assertError(assert, response, 400, "VALIDATION_ERROR");
    assert.equal(response.json.errors[0].in, "appId", appId);
  }
  assertError(assert, await client.dated("GET", "/2147483647/settings"), 404, "OBJECT_NOT_FOUND");
});

test("every error carries a fresh correlationId", async (t) => {
  const { client } = await emulator(t);
  const a = await client.v3("GET", "/999/settings");
  const b = await client.v3("GET", "/999/settings");
  assert.notEqual(a.json.correlationId, b.json.correlationId);
});
