// POST /crm/extensions/calling/2026-03/inbound-call (docs/protocol.md 6, D): caller-ID matches from the
// seeded CRM records and the engagement it files.
import assert from "node:assert/strict";
import test from "node:test";
import { assertError, emulator, inboundCall } from "./helpers.mjs";

async function records(client) {
  return (await client.call("GET", "/_emulator/records")).json;
}

test("a company's number matches the company, with HubSpot's object coordinates", async (t) => {
  const { client } = await emulator(t);
  const museum = (await records(client)).companies.find((c) => c.phone === "+442073238299");
  const response = await client.dated("POST", "/inbound-call", { body: inboundCall({ createEngagement: false }) });
  assert.equal(response.status, 200);
  const config = (await client.call("GET", "/_emulator/config")).json;
  assert.deepEqual(response.json, {
    callerIdMatches: [{ callerIdType: "COMPANY", objectCoordinates: { objectId: museum.id, objectTypeId: "0-2", portalId: config.portalId }, name: museum.name }],
  });
});

test("a number shared by a contact and a company matches both, contact first", async (t) => {
  const { client } = await emulator(t);
  const { contacts } = await records(client);
  const maria = contacts.find((c) => c.phone === "+18884827768");
  const response = await client.dated("POST", "/inbound-call", {
    body: inboundCall({ createEngagement: false, fromNumber: { e164Number: "+18884827768", phoneNumberType: "MOBILE" } }),
  });
  assert.equal(response.status, 200);
  const [contact, company] = response.json.callerIdMatches;
  assert.deepEqual(contact, {
    callerIdType: "CONTACT",
    objectCoordinates: { objectId: maria.id, objectTypeId: "0-1", portalId: contact.objectCoordinates.portalId },
    email: maria.email,
    firstName: maria.firstName,
    lastName: maria.lastName,
  });
  assert.equal(company.callerIdType, "COMPANY");
  assert.equal(company.objectCoordinates.objectTypeId, "0-2");
});

test("an unknown number matches nothing", async (t) => {
  const { client } = await emulator(t);
  const response = await client.dated("POST", "/inbound-call", { body: inboundCall({ fromNumber: { e164Number: "+15555550123" } }) });
  assert.equal(response.status, 200);
  assert.deepEqual(response.json, { callerIdMatches: [] });
});

test("createEngagement files the call on the matched record's timeline, once per externalCallId", async (t) => {
  const { client } = await emulator(t);
  const museum = (await records(client)).companies.find((c) => c.phone === "+442073238299");
  const call = inboundCall({ durationSeconds: 42, callStartedTimestamp: "2026-03-01T10:00:00Z" });
  assert.equal((await client.dated("POST", "/inbound-call", { body: call })).status, 200);
  const timeline = (await client.call("GET", `/_emulator/records/companies/${museum.id}/engagements`)).json;
  assert.equal(timeline.length, 1);
  const [engagement] = timeline;
  assert.equal(engagement.externalCallId, call.externalCallId);
  assert.equal(engagement.objectType, "COMPANY");
  assert.deepEqual(engagement.properties, {
    hs_call_direction: "INBOUND",
    hs_call_status: "COMPLETED",
    hs_call_from_number: "+442073238299",
    hs_call_to_number: "+16175550100",
    hs_timestamp: "2026-03-01T10:00:00Z",
    hs_call_duration: "42000",
    hs_call_title: "Inbound from the REST test",
  });

  // A retry of the same call updates the one entry instead of adding another.
  await client.dated("POST", "/inbound-call", { body: { ...call, finalCallStatus: "MISSED" } });
  const again = (await client.call("GET", `/_emulator/records/companies/${museum.id}/engagements`)).json;
  assert.equal(again.length, 1);
  assert.equal(again[0].properties.hs_call_status, "MISSED");
});

test("createEngagement false files nothing", async (t) => {
  const { client } = await emulator(t);
  const museum = (await records(client)).companies.find((c) => c.phone === "+442073238299");
  await client.dated("POST", "/inbound-call", { body: inboundCall({ createEngagement: false }) });
  assert.deepEqual((await client.call("GET", `/_emulator/records/companies/${museum.id}/engagements`)).json, []);
});

test("inbound-call bodies are validated by the core, naming nested fields", async (t) => {
  const { client } = await emulator(t);
  const response = await client.dated("POST", "/inbound-call", {
    body: inboundCall({ finalCallStatus: "DONE", fromNumber: { e164Number: "020 7323 8299" }, potentialRecipientUserIds: undefined }),
  });
  assertError(assert, response, 400, "VALIDATION_ERROR");
  const fields = response.json.errors.map((e) => e.in).sort();
  assert.deepEqual(fields, ["finalCallStatus", "fromNumber.e164Number", "potentialRecipientUserIds"]);
  assert.match(response.json.errors.find((e) => e.in === "fromNumber.e164Number").message, /E\.164/);
});

test("inbound-call exists only on the dated API, with Bearer auth", async (t) => {
  const { client } = await emulator(t);
  assertError(assert, await client.call("POST", "/crm/extensions/calling/2026-03/inbound-call", { hapikey: "k", body: inboundCall() }), 401, "INVALID_AUTHENTICATION");
  assertError(assert, await client.v3("POST", "/inbound-call", { body: inboundCall() }), 404, "OBJECT_NOT_FOUND");
  const wrongMethod = await client.dated("GET", "/inbound-call");
  assertError(assert, wrongMethod, 405, "METHOD_NOT_ALLOWED");
  assert.equal(wrongMethod.headers.get("allow"), "POST");
});
