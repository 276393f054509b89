// The other side of the battery: hostile-looking *valid* values (SQL, markup, traversal, keys
// named like Object.prototype members) are not errors; they are stored and answered back
// byte-for-byte, and no table or prototype is touched on the way.
import assert from "node:assert/strict";
import test from "node:test";
import { emulator, SETTINGS } from "../emulator/helpers.mjs";
import { openStore } from "../emulator/store-snapshot.mjs";

const HOSTILE_TEXT = [
  "'); DROP TABLE calling_settings; --",
  "\" OR 1=1 --",
  "Robert'); DELETE FROM contacts WHERE ('1'='1",
  "<script>alert(1)</script>",
  "../../../../etc/passwd",
  "%00%27%22",
  "emoji 📞 and RTL \u202e text",
];

test("SQL, markup and traversal text in values is stored and returned verbatim", async (t) => {
  const { client, dataDir } = await emulator(t);
  const store = openStore(t, dataDir);
  const tables = () => store.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
  const tablesBefore = tables();
  for (const [i, text] of HOSTILE_TEXT.entries()) {
    const appId = 300 + i;
    const created = await client.v3("POST", `/${appId}/settings`, { body: { ...SETTINGS, name: text } });
    assert.equal(created.status, 200, created.text);
    assert.equal((await client.dated("GET", `/${appId}/settings`)).json.name, text);
    const contact = await client.call("POST", "/_emulator/records/contacts", { body: { firstName: text, lastName: text, email: text } });
    assert.equal(contact.status, 201, contact.text);
    const read = (await client.call("GET", `/_emulator/records/contacts/${contact.json.id}`)).json;
    assert.deepEqual([read.firstName, read.lastName, read.email], [text, text, text]);
    const matched = await client.call("POST", "/_emulator/caller-id", { body: { phoneNumber: text } });
    assert.equal(matched.status, 200, matched.text);
  }
  assert.deepEqual(tables(), tablesBefore, "no table was dropped or added");
  assert.equal(store.prepare("SELECT count(*) FROM contacts").pluck().get(), 3 + HOSTILE_TEXT.length, "seeded contacts are all still there");
});

test("keys named __proto__, constructor or toString are data, not prototype changes", async (t) => {
  const { client } = await emulator(t);
  const { engagementId } = (await client.call("POST", "/_emulator/engagements", { body: { objectType: "CONTACT", objectId: 1 } })).json;
  const body = '{"properties":{"__proto__":"polluted","constructor":"c","toString":"t","hs_call_body":"ok"}}';
  const patched = await client.call("PATCH", `/_emulator/engagements/${engagementId}`, { body });
  assert.equal(patched.status, 200, patched.text);
  const stored = (await client.call("GET", `/_emulator/engagements/${engagementId}`)).json.properties;
  assert.equal(stored.hs_call_body, "ok");
  assert.equal(Object.getOwnPropertyDescriptor(stored, "__proto__")?.value, "polluted", "kept as an ordinary key");
  assert.equal(stored.toString, "t");
  assert.equal({}.polluted, undefined);
  assert.equal(Object.prototype.toString.call({}), "[object Object]");

  // The REST bodies keep only the fields the core's schema defines: such keys are dropped.
  const settings = await client.v3("PATCH", "/1/settings", { body: '{"__proto__":{"isReady":true},"constructor":{"name":"x"},"name":"renamed"}' });
  assert.equal(settings.status, 200, settings.text);
  assert.deepEqual(Object.keys(settings.json).filter((k) => ["__proto__", "constructor"].includes(k)), []);
  assert.equal(settings.json.name, "renamed");
  assert.equal(settings.json.isReady, false, "a nested __proto__ did not set isReady");
});
