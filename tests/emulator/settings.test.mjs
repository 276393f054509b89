// Calling settings: POST/GET/PATCH/DELETE under both prefixes (docs/protocol.md 6, A to C).
import assert from "node:assert/strict";
import test from "node:test";
import { assertError, emulator, ISO_DATE_TIME, PREFIXES, SETTINGS } from "./helpers.mjs";

for (const { name, pick } of PREFIXES) {
  test(`settings lifecycle on ${name}`, async (t) => {
    const api = pick((await emulator(t)).client);

    const created = await api("POST", "/42/settings", { body: SETTINGS });
    assert.equal(created.status, 200);
    assert.deepEqual({ ...created.json, createdAt: undefined, updatedAt: undefined }, { ...SETTINGS, createdAt: undefined, updatedAt: undefined });
    assert.match(created.json.createdAt, ISO_DATE_TIME);
    assert.equal(created.json.updatedAt, created.json.createdAt);

    const read = await api("GET", "/42/settings");
    assert.equal(read.status, 200);
    assert.deepEqual(read.json, created.json);

    const patched = await api("PATCH", "/42/settings", { body: { isReady: true, height: 700 } });
    assert.equal(patched.status, 200);
    assert.equal(patched.json.isReady, true);
    assert.equal(patched.json.height, 700);
    assert.equal(patched.json.name, SETTINGS.name, "fields not sent are kept");
    assert.equal(patched.json.createdAt, created.json.createdAt);
    assert.match(patched.json.updatedAt, ISO_DATE_TIME);
    assert.ok(Date.parse(patched.json.updatedAt) > Date.parse(created.json.updatedAt), "updatedAt moves on PATCH");

    const removed = await api("DELETE", "/42/settings");
    assert.equal(removed.status, 204);
    assert.equal(removed.text, "");
    assertError(assert, await api("GET", "/42/settings"), 404, "OBJECT_NOT_FOUND");
  });
}

test("settings created under one prefix are the same object under the other", async (t) => {
  const { client } = await emulator(t);
  await client.v3("POST", "/7/settings", { body: SETTINGS });
  const viaBearer = await client.dated("GET", "/7/settings");
  assert.equal(viaBearer.status, 200);
  assert.equal(viaBearer.json.name, SETTINGS.name);
});

test("a second POST for the same app is 409 CONFLICT and changes nothing", async (t) => {
  const { client } = await emulator(t);
  await client.dated("POST", "/8/settings", { body: SETTINGS });
  assertError(assert, await client.dated("POST", "/8/settings", { body: { ...SETTINGS, name: "Other" } }), 409, "CONFLICT");
  assert.equal((await client.dated("GET", "/8/settings")).json.name, SETTINGS.name);
});

test("PATCH, GET and DELETE of an app without settings are 404", async (t) => {
  const { client } = await emulator(t);
  assertError(assert, await client.v3("PATCH", "/999/settings", { body: { isReady: true } }), 404, "OBJECT_NOT_FOUND");
  assertError(assert, await client.v3("GET", "/999/settings"), 404, "OBJECT_NOT_FOUND");
  assertError(assert, await client.v3("DELETE", "/999/settings"), 404, "OBJECT_NOT_FOUND");
});

test("POST needs all nine fields and names each one missing or wrong (the core's messages)", async (t) => {
  const { client } = await emulator(t);
  const response = await client.dated("POST", "/9/settings", { body: { name: "x", width: "wide", url: "ftp://nope" } });
  assertError(assert, response, 400, "VALIDATION_ERROR");
  const byField = Object.fromEntries(response.json.errors.map((e) => [e.in, e]));
  for (const field of ["height", "isReady", "supportsCustomObjects", "supportsInboundCalling", "usesCallingWindow", "usesRemote"]) {
    assert.equal(byField[field]?.code, "FIELD_REQUIRED", field);
  }
  assert.equal(byField.width.code, "FIELD_TYPE");
  assert.equal(byField.url.code, "FIELD_FORMAT");
  assert.match(byField.width.message, /width must be a number/);
  assert.ok(response.json.message.includes(byField.url.message), "the summary repeats each field's message");
  assertError(assert, await client.dated("GET", "/9/settings"), 404, "OBJECT_NOT_FOUND");
});

test("PATCH validates the fields it is given and stores only known ones", async (t) => {
  const { client } = await emulator(t);
  await client.v3("POST", "/10/settings", { body: SETTINGS });
  const bad = await client.v3("PATCH", "/10/settings", { body: { isReady: "yes", width: 0 } });
  assertError(assert, bad, 400, "VALIDATION_ERROR");
  assert.deepEqual(bad.json.errors.map((e) => e.in).sort(), ["isReady", "width"]);
  const ok = await client.v3("PATCH", "/10/settings", { body: { name: "Renamed", notAField: 1 } });
  assert.equal(ok.status, 200);
  assert.equal(ok.json.name, "Renamed");
  assert.equal("notAField" in ok.json, false);
});

test("a body that is JSON but not an object is a 400 naming the body", async (t) => {
  const { client } = await emulator(t);
  const response = await client.v3("POST", "/11/settings", { body: [SETTINGS] });
  assertError(assert, response, 400, "VALIDATION_ERROR");
  assert.equal(response.json.errors[0].in, "body");
});
