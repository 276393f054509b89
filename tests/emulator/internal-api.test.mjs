// The host page's /_emulator/ API: config, apps, records, timelines, engagements, caller id,
// and the static files (the page itself and the callcore bundle).
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import test from "node:test";
import { assertError, emulator, ISO_DATE_TIME, SETTINGS, tempDir } from "./helpers.mjs";

test("config names the portal, user, owner and the emulator's own origin, whatever the Host", async (t) => {
  const { client, port } = await emulator(t, { allowHosts: ["dev.example"] });
  const config = (await client.call("GET", "/_emulator/config")).json;
  assert.ok(Number.isInteger(config.portalId) && Number.isInteger(config.userId));
  assert.ok(config.ownerId !== undefined);
  assert.equal(config.hubspotOrigin, `http://127.0.0.1:${port}`);
  // A Host the emulator answers is still never echoed back as HubSpot's origin.
  for (const host of [`localhost:${port}`, `[::1]:${port}`, `dev.example:${port}`]) {
    const viaHost = await new Promise((resolve, reject) => {
      http.get({ host: "127.0.0.1", port, path: "/_emulator/config", headers: { host } }, (res) => {
        let text = "";
        res.on("data", (chunk) => (text += chunk)).on("end", () => resolve(JSON.parse(text)));
      }).on("error", reject);
    });
    assert.equal(viaHost.hubspotOrigin, `http://127.0.0.1:${port}`, host);
  }
});

test("apps lists the seeded demo app and every app registered over REST", async (t) => {
  const { client } = await emulator(t, { widgetOrigin: "https://localhost:9025" });
  await client.v3("POST", "/5/settings", { body: SETTINGS });
  await client.v3("POST", "/6/settings/channel-connection", { body: { url: "https://x.example/hook", isReady: true } });
  const apps = (await client.call("GET", "/_emulator/apps")).json;
  assert.deepEqual(apps.map((a) => a.appId), [1, 5, 6]);
  const demo = apps[0];
  assert.deepEqual(
    { ...demo.settings, createdAt: undefined, updatedAt: undefined },
    {
      name: "callcore demo", url: "https://localhost:9025/", width: 400, height: 650, isReady: false,
      supportsCustomObjects: false, supportsInboundCalling: true, usesCallingWindow: false, usesRemote: false,
      createdAt: undefined, updatedAt: undefined,
    },
  );
  assert.equal(demo.channelConnection.url, "https://localhost:9025/helpdesk/webhook");
  assert.equal(demo.channelConnection.isReady, false);
  assert.equal(apps[1].channelConnection, null);
  assert.equal(apps[2].settings, null);
});

test("records are seeded with E.164 numbers and can be created and edited", async (t) => {
  const { client } = await emulator(t);
  const seeded = (await client.call("GET", "/_emulator/records")).json;
  assert.ok(seeded.contacts.length >= 2 && seeded.companies.length >= 2);
  for (const record of [...seeded.contacts, ...seeded.companies]) assert.match(record.phone, /^\+[1-9]\d{1,14}$/);
  assert.deepEqual(Object.keys(seeded.contacts[0]).sort(), ["email", "firstName", "id", "lastName", "phone"]);
  assert.deepEqual(Object.keys(seeded.companies[0]).sort(), ["domain", "id", "name", "phone"]);

  const contact = await client.call("POST", "/_emulator/records/contacts", { body: { firstName: "Grace", lastName: "Hopper", email: "grace@example.com", phone: "+12025550173" } });
  assert.equal(contact.status, 201);
  assert.equal(contact.json.firstName, "Grace");
  const edited = await client.call("PATCH", `/_emulator/records/contacts/${contact.json.id}`, { body: { phone: "+12025550199", id: 12345 } });
  assert.equal(edited.status, 200);
  assert.deepEqual(edited.json, { ...contact.json, phone: "+12025550199" });

  const company = await client.call("POST", "/_emulator/records/companies", { body: { name: "Example Ltd", domain: "example.com", phone: "+442079460000" } });
  assert.equal(company.status, 201);
  assert.equal((await client.call("GET", `/_emulator/records/companies/${company.json.id}`)).json.name, "Example Ltd");
  const after = (await client.call("GET", "/_emulator/records")).json;
  assert.equal(after.contacts.length, seeded.contacts.length + 1);
  assert.equal(after.companies.length, seeded.companies.length + 1);
});

test("record phones must be E.164, and records need a name", async (t) => {
  const { client } = await emulator(t);
  const spaced = await client.call("POST", "/_emulator/records/contacts", { body: { firstName: "A", phone: "+44 20 7946 0000" } });
  assertError(assert, spaced, 400, "VALIDATION_ERROR");
  assert.equal(spaced.json.errors[0].in, "phone");
  assert.match(spaced.json.errors[0].message, /did you mean \+442079460000/);
  assertError(assert, await client.call("PATCH", "/_emulator/records/companies/1", { body: { phone: "0800 123" } }), 400, "VALIDATION_ERROR");
  assertError(assert, await client.call("PATCH", "/_emulator/records/companies/1", { body: { name: "" } }), 400, "VALIDATION_ERROR");
  assertError(assert, await client.call("POST", "/_emulator/records/companies", { body: { domain: "x.com" } }), 400, "VALIDATION_ERROR");
  assertError(assert, await client.call("POST", "/_emulator/records/contacts", { body: { phone: "+12025550100" } }), 400, "VALIDATION_ERROR");
  assertError(assert, await client.call("POST", "/_emulator/records/contacts", { body: { firstName: 7 } }), 400, "VALIDATION_ERROR");
  assertError(assert, await client.call("POST", "/_emulator/records/contacts", { body: "[]" }), 400, "VALIDATION_ERROR");
  assertError(assert, await client.call("POST", "/_emulator/records/contacts", { body: "{" }), 400, "VALIDATION_ERROR");
  // Clearing a phone is allowed.
  assert.equal((await client.call("PATCH", "/_emulator/records/contacts/2", { body: { phone: "" } })).json.phone, null);
});

test("unknown records and kinds are 404", async (t) => {
  const { client } = await emulator(t);
  assertError(assert, await client.call("PATCH", "/_emulator/records/contacts/9999", { body: { firstName: "X" } }), 404, "OBJECT_NOT_FOUND");
  assertError(assert, await client.call("GET", "/_emulator/records/contacts/abc/engagements"), 404, "OBJECT_NOT_FOUND");
  assertError(assert, await client.call("GET", "/_emulator/records/deals/1/engagements"), 404, "OBJECT_NOT_FOUND");
  assertError(assert, await client.call("POST", "/_emulator/records/deals", { body: {} }), 404, "OBJECT_NOT_FOUND");
});

test("an outbound call's engagement: created, completed, on the timeline newest first", async (t) => {
  const { client } = await emulator(t);
  const first = await client.call("POST", "/_emulator/engagements", {
    body: { objectType: "CONTACT", objectId: 1, externalCallId: "out-1", direction: "OUTBOUND", toNumber: "+18884827768", fromNumber: "+16175550100" },
  });
  assert.equal(first.status, 201);
  assert.deepEqual(first.json, { engagementId: first.json.engagementId, objectType: "CONTACT", objectId: 1 });
  const second = await client.call("POST", "/_emulator/engagements", { body: { objectType: "CONTACT", objectId: 1, externalCallId: "out-2", toNumber: "+18884827768" } });

  const completed = await client.call("PATCH", `/_emulator/engagements/${first.json.engagementId}`, {
    body: { properties: { hs_call_status: "COMPLETED", hs_call_body: "Talked about pricing", hs_call_disposition: "f240bbac-87c9-4f6e-bf70-924b57d47db7" } },
  });
  assert.equal(completed.status, 200);
  assert.equal(completed.json.properties.hs_call_body, "Talked about pricing");
  assert.equal(completed.json.properties.hs_call_direction, "OUTBOUND", "earlier properties are kept");
  assert.match(completed.json.updatedAt, ISO_DATE_TIME);
  assert.ok(Date.parse(completed.json.updatedAt) > Date.parse(completed.json.createdAt));

  const timeline = (await client.call("GET", "/_emulator/records/contacts/1/engagements")).json;
  assert.deepEqual(timeline.map((e) => e.id), [second.json.engagementId, first.json.engagementId]);
  assert.equal(timeline[1].properties.hs_call_status, "COMPLETED");
  assert.deepEqual(Object.keys(timeline[0]).sort(), ["createdAt", "externalCallId", "id", "objectId", "objectType", "properties", "updatedAt"]);
});

test("a call without a record is filed where the other party's number matches", async (t) => {
  const { client } = await emulator(t);
  const inbound = await client.call("POST", "/_emulator/engagements", { body: { externalCallId: "in-1", direction: "inbound", fromNumber: "+44 20 7323 8299" } });
  assert.equal(inbound.status, 201);
  assert.equal(inbound.json.objectType, "COMPANY");
  const unknown = await client.call("POST", "/_emulator/engagements", { body: { externalCallId: "out-9", toNumber: "+15555550123" } });
  assert.deepEqual([unknown.json.objectType, unknown.json.objectId], [null, null]);
  // The same call again (e.g. after the backend's inbound-call) returns the existing engagement.
  const repeat = await client.call("POST", "/_emulator/engagements", { body: { externalCallId: "in-1", direction: "INBOUND" } });
  assert.equal(repeat.status, 200);
  assert.equal(repeat.json.engagementId, inbound.json.engagementId);
});

test("engagement input is checked and unknown engagements are 404", async (t) => {
  const { client } = await emulator(t);
  assertError(assert, await client.call("POST", "/_emulator/engagements", { body: { objectType: "DEAL", objectId: 1 } }), 400, "VALIDATION_ERROR");
  assertError(assert, await client.call("POST", "/_emulator/engagements", { body: { objectType: "CONTACT", objectId: 9999 } }), 400, "VALIDATION_ERROR");
  assertError(assert, await client.call("POST", "/_emulator/engagements", { body: { direction: "SIDEWAYS" } }), 400, "VALIDATION_ERROR");
  assertError(assert, await client.call("PATCH", "/_emulator/engagements/9999", { body: { properties: {} } }), 404, "OBJECT_NOT_FOUND");
  assertError(assert, await client.call("PATCH", "/_emulator/engagements/1", { body: { properties: "notes" } }), 400, "VALIDATION_ERROR");
  assertError(assert, await client.call("GET", "/_emulator/engagements/9999"), 404, "OBJECT_NOT_FOUND");
});

test("caller-id matches a phone number however it is written", async (t) => {
  const { client } = await emulator(t);
  for (const phoneNumber of ["+18884827768", "+1 (888) 482-7768", "(888) 482-7768", "001 888 482 7768"]) {
    const { json } = await client.call("POST", "/_emulator/caller-id", { body: { phoneNumber } });
    assert.deepEqual(json.callerIdMatches.map((m) => m.callerIdType), ["CONTACT", "COMPANY"], phoneNumber);
  }
  assert.deepEqual((await client.call("POST", "/_emulator/caller-id", { body: { phoneNumber: "+15555550123" } })).json, { callerIdMatches: [] });
  assertError(assert, await client.call("POST", "/_emulator/caller-id", { body: {} }), 400, "VALIDATION_ERROR");
});

test("GET / serves the host page, /callcore.js the browser bundle; no path escapes the folder", async (t) => {
  const publicDir = tempDir(t);
  writeFileSync(path.join(publicDir, "index.html"), "<!doctype html><title>host</title>");
  mkdirSync(path.join(publicDir, "js"));
  writeFileSync(path.join(publicDir, "js", "app.mjs"), "export {};");
  const { url } = await emulator(t, { publicDir });

  const page = await fetch(url);
  assert.equal(page.status, 200);
  assert.match(page.headers.get("content-type"), /^text\/html/);
  assert.match(await page.text(), /<title>host<\/title>/);
  const script = await fetch(`${url}js/app.mjs`);
  assert.match(script.headers.get("content-type"), /^text\/javascript/);
  await script.text();
  const bundle = await fetch(`${url}callcore.js`);
  assert.equal(bundle.status, 200);
  assert.match(await bundle.text(), /callcore/);
  const head = await fetch(url, { method: "HEAD" });
  assert.equal(head.status, 200);
  for (const sneaky of ["%2e%2e/%2e%2e/package.json", "..%2fpackage.json", "js/%00.mjs", "missing.html"]) {
    const response = await fetch(url + sneaky);
    assert.equal(response.status, 404, sneaky);
    await response.text();
  }
});
