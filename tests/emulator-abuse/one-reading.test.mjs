// One reading of a body: the emulator stores the tree the core checked (the verdict's value),
// never a second parse of the text that could mean something else. A key written twice is the
// classic case (cJSON keeps the first value, JSON.parse the last); numbers at the edges of a
// double are the other: what the store holds must be what the core read.
import assert from "node:assert/strict";
import test from "node:test";
import { loadSharedCore } from "../../demo/lib/core.mjs";
import { emulator, inboundCall, PREFIXES, SETTINGS } from "../emulator/helpers.mjs";
import { openStore, snapshot } from "../emulator/store-snapshot.mjs";

/** The body of `value` with `extra` (raw JSON members) written after its own members. */
const withTwice = (value, extra) => `${JSON.stringify(value).slice(0, -1)},${extra}}`;

function assertNamed(response, field, code) {
  assert.equal(response.status, 400, response.text);
  assert.equal(response.json.category, "VALIDATION_ERROR");
  assert.ok(
    response.json.errors.some((e) => e.in === field && e.code === code),
    `errors should name ${field} with ${code}: ${response.text}`,
  );
}

test("a settings url written twice (https, then javascript:) is a 400 naming url; nothing is stored", async (t) => {
  const { client, dataDir } = await emulator(t);
  const store = openStore(t, dataDir);
  const body = withTwice({ ...SETTINGS, url: "https://widget.example/" }, '"url":"javascript:alert(1)"');
  for (const [i, { name, pick }] of PREFIXES.entries()) {
    const before = snapshot(store);
    const created = await pick(client)("POST", `/${700 + i}/settings`, { body });
    assertNamed(created, "url", "DUPLICATE_KEY");
    assert.equal(snapshot(store), before, name);
    // The same trick on an update of a stored app.
    const patched = await pick(client)("PATCH", "/1/settings", { body: '{"url":"https://widget.example/","url":"javascript:alert(1)"}' });
    assertNamed(patched, "url", "DUPLICATE_KEY");
    assert.equal(snapshot(store), before, name);
  }
  assert.notEqual((await client.v3("GET", "/1/settings")).json.url, "javascript:alert(1)");
});

test("an inbound call with durationSeconds written twice is refused and files nothing", async (t) => {
  const { client, dataDir } = await emulator(t);
  const store = openStore(t, dataDir);
  const before = snapshot(store);
  const response = await client.dated("POST", "/inbound-call", { body: withTwice(inboundCall({ durationSeconds: 30 }), '"durationSeconds":-5') });
  assertNamed(response, "durationSeconds", "DUPLICATE_KEY");
  assert.equal(snapshot(store), before);
});

test("externalCallId written as a string, then as an object, is a 400 (not a 500) on every route that takes it", async (t) => {
  const { client, dataDir } = await emulator(t);
  const store = openStore(t, dataDir);
  const before = snapshot(store);
  const inbound = await client.dated("POST", "/inbound-call", { body: withTwice(inboundCall({ externalCallId: "twice-1" }), '"externalCallId":{"$gt":""}') });
  assertNamed(inbound, "externalCallId", "DUPLICATE_KEY");
  const engagement = await client.call("POST", "/_emulator/engagements", {
    body: '{"objectType":"CONTACT","objectId":1,"externalCallId":"twice-2","externalCallId":{"$gt":""}}',
  });
  assertNamed(engagement, "externalCallId", "DUPLICATE_KEY");
  assert.equal(snapshot(store), before);
});

test("a key written twice in a host-page body is refused too, deep or not", async (t) => {
  const { client, dataDir } = await emulator(t);
  const store = openStore(t, dataDir);
  const { engagementId } = (await client.call("POST", "/_emulator/engagements", { body: { objectType: "CONTACT", objectId: 1 } })).json;
  const before = snapshot(store);
  const cases = [
    ["PATCH", `/_emulator/engagements/${engagementId}`, '{"properties":{"hs_call_status":"COMPLETED","hs_call_status":"FAILED"}}', "properties.hs_call_status"],
    ["POST", "/_emulator/records/contacts", '{"firstName":"Ann","phone":"+442073238299","phone":"+15550100"}', "phone"],
    ["PATCH", "/_emulator/records/contacts/1", '{"email":"a@example.com","email":"b@example.com"}', "email"],
    ["POST", "/_emulator/caller-id", '{"phoneNumber":"+442073238299","phoneNumber":"+15550100"}', "phoneNumber"],
  ];
  for (const [method, path, body, field] of cases) {
    const response = await client.call(method, path, { body });
    assertNamed(response, field, "DUPLICATE_KEY");
    assert.match(response.json.errors[0].message, /^json: /, "the sentence names the reading it comes from");
    assert.equal(snapshot(store), before, `${method} ${path}`);
  }
});

test("a text the core would read but that is not JSON (01, a byte-order mark, a form feed) is refused", async (t) => {
  const { client, dataDir } = await emulator(t);
  const store = openStore(t, dataDir);
  const before = snapshot(store);
  for (const body of ['{"width":0400}', '\ufeff{"isReady":true}', '{\f"isReady":true}', '{"width":4.}']) {
    const response = await client.v3("PATCH", "/1/settings", { body });
    assertNamed(response, "body", "MALFORMED_JSON");
  }
  assert.equal(snapshot(store), before);
});

// 1e308 near the largest double, -0 (a sign JSON.stringify drops), 2^53 + 1 (no double holds it).
const EDGES = '"hs_timestamp":1e308,"hubspot_owner_id":-0,"hs_call_callee_object_id":9007199254740993';

/** assert.deepStrictEqual tells -0 from 0 (Object.is), so this compares exactly. */
function assertSameNumbers(actual, expected, label) {
  assert.deepStrictEqual(actual, expected, label);
  assert.ok(Object.is(actual.hubspot_owner_id, -0), `${label}: -0 kept its sign`);
}

test("numbers at the edges (1e308, -0, 9007199254740993) are stored, and answered, as the core read them", async (t) => {
  const core = await loadSharedCore();
  const { client, dataDir } = await emulator(t);
  const store = openStore(t, dataDir);
  const storedProperties = (id) => store.prepare("SELECT properties FROM engagements WHERE id = ?").pluck().get(id);
  const read = core.validateRest("json", `{${EDGES}}`);
  assert.ok(read.ok);
  const expected = read.value;
  assert.equal(expected.hs_call_callee_object_id, 9007199254740992, "the core reads 2^53 + 1 as the nearest double");

  // The REST inbound call files them on the timeline.
  const call = inboundCall({ externalCallId: "edges-rest", engagementProperties: {} });
  const body = JSON.stringify(call).replace('"engagementProperties":{}', `"engagementProperties":{${EDGES}}`);
  const filed = await client.dated("POST", "/inbound-call", { body });
  assert.equal(filed.status, 200, filed.text);
  const restId = store.prepare("SELECT id FROM engagements WHERE external_call_id = 'edges-rest'").pluck().get();
  const restStored = JSON.parse(storedProperties(restId));
  assertSameNumbers(
    { hs_timestamp: restStored.hs_timestamp, hubspot_owner_id: restStored.hubspot_owner_id, hs_call_callee_object_id: restStored.hs_call_callee_object_id },
    expected,
    "inbound-call, in the store",
  );
  assert.match(storedProperties(restId), /"hubspot_owner_id":-0[,}]/);

  // The host page's engagement update stores them as well, and GET answers the same.
  const { engagementId } = (await client.call("POST", "/_emulator/engagements", { body: { objectType: "CONTACT", objectId: 1 } })).json;
  const patched = await client.call("PATCH", `/_emulator/engagements/${engagementId}`, { body: `{"properties":{${EDGES}}}` });
  assert.equal(patched.status, 200, patched.text);
  const pick = ({ hs_timestamp, hubspot_owner_id, hs_call_callee_object_id }) => ({ hs_timestamp, hubspot_owner_id, hs_call_callee_object_id });
  assertSameNumbers(pick(JSON.parse(storedProperties(engagementId))), expected, "/_emulator/engagements, in the store");
  assertSameNumbers(pick(patched.json.properties), expected, "/_emulator/engagements, the PATCH answer");
  const got = await client.call("GET", `/_emulator/engagements/${engagementId}`);
  assertSameNumbers(pick(got.json.properties), expected, "/_emulator/engagements, GET");
});
