// Every endpoint of the emulator, as the battery attacks it: "METHOD /router/pattern" → how a
// good request looks (credentials, path parameters, body) and which bad values each body field
// must refuse. coverage.test.mjs fails if the router serves an endpoint missing here, so a new
// route cannot ship without its battery.
import { API_PREFIXES } from "../../demo/emulator/server/rest-app-documents.mjs";

/** A number literal JSON.stringify cannot write (1e400, -0): spliced into the body text as is. */
export class RawJson {
  constructor(text) {
    this.text = text;
  }
}
const raw = (text) => new RawJson(text);

/** A bad value whose error names a nested field (e.g. fromNumber.e164Number), not the field itself. */
export class Named {
  constructor(value, field) {
    this.value = value;
    this.field = field;
  }
}
const at = (value, field) => new Named(value, field);

// Bad values by the type a field has. The error must name the field, or at(value, field)'s.
const notString = [5, true, {}, [], null];
const notBoolean = ["true", 1, 0, null, "false", {}];
const notInt32Size = [2147483648, 4294967296, raw("99999999999999999999"), raw("1e400"), -1, 0, raw("-0"), 1.5, "400", null, true];
const notHttpUrl = ["ftp://files.example/w", "javascript:alert(1)", "/relative/path", "", "https://", "data:text/html,x", 5, null];

const SETTINGS = {
  name: "Battery dialer",
  url: "https://battery.example/widget",
  width: 400,
  height: 600,
  isReady: false,
  supportsCustomObjects: false,
  supportsInboundCalling: true,
  usesCallingWindow: false,
  usesRemote: false,
};
const settingsFields = {
  name: [...notString, ""],
  url: notHttpUrl,
  width: notInt32Size,
  height: notInt32Size,
  ...Object.fromEntries(["isReady", "supportsCustomObjects", "supportsInboundCalling", "usesCallingWindow", "usesRemote"].map((f) => [f, notBoolean])),
};
const channelFields = { url: notHttpUrl, isReady: notBoolean };

const INBOUND_CALL = {
  createEngagement: true,
  engagementProperties: { hs_call_title: "battery" },
  externalCallId: "battery-call",
  finalCallStatus: "COMPLETED",
  fromNumber: { e164Number: "+442073238299", phoneNumberType: "FIXED_LINE" },
  toNumber: { e164Number: "+16175550100", phoneNumberType: "FIXED_LINE" },
  potentialRecipientUserIds: [1001],
};
const notNumberObject = ["+442073238299", [], 5, null];
const inboundFields = {
  createEngagement: notBoolean,
  engagementProperties: [
    "notes", [], 5, null,
    at({ hs_call_title: {} }, "engagementProperties.hs_call_title"),
    at({ hs_call_duration: "ten minutes" }, "engagementProperties.hs_call_duration"),
    at({ hs_call_recording_url: "http://insecure.example/a.mp3" }, "engagementProperties.hs_call_recording_url"),
  ],
  externalCallId: [...notString, ""],
  finalCallStatus: ["DONE", "completed", "", 5, null],
  fromNumber: [...notNumberObject, at({}, "fromNumber.e164Number"), at({ e164Number: "0800 123" }, "fromNumber.e164Number"), at({ e164Number: "+1' OR '1'='1" }, "fromNumber.e164Number")],
  toNumber: [...notNumberObject, at({ e164Number: 18884827768 }, "toNumber.e164Number"), at({ e164Number: "+0123456" }, "toNumber.e164Number")],
  potentialRecipientUserIds: ["1001", 1001, null, {}, at([2147483648], "potentialRecipientUserIds[0]"), at(["1001"], "potentialRecipientUserIds[0]"), at([1.5], "potentialRecipientUserIds[0]")],
  callStartedTimestamp: ["yesterday", "2024-13-45T99:99:99Z", 1724412345000, null],
  durationSeconds: [2147483648, -1, raw("1e400"), "60", 1.5, null],
  userId: [2147483648, "1001", 1.5, null],
};

const CONTACT = { firstName: "Bat", lastName: "Tery", email: "battery@example.com", phone: "+12025550188" };
const contactFields = {
  firstName: [5, true, {}, []],
  lastName: [5, false, {}, [""]],
  email: [5, true, {}],
  phone: [5, "0800 123 456", "+0123", "+1234567890123456", "+1' OR 1=1 --", "12025550188", true],
};
const COMPANY = { name: "Battery Inc", domain: "battery.example", phone: "+12025550177" };
const companyFields = { name: [5, "", "   ", null, {}], domain: [5, {}], phone: contactFields.phone };

const ENGAGEMENT = { direction: "OUTBOUND", externalCallId: "battery-engagement", toNumber: "+18884827768", fromNumber: "+16175550100" };
const engagementFields = {
  direction: ["SIDEWAYS", "", 5, {}],
  externalCallId: [5, true, {}, []],
  toNumber: [5, {}, []],
  fromNumber: [5, true, []],
  // objectType and objectId are checked together: each bad one names itself.
  objectType: ["DEAL", "contact", 5, "0-1"],
};
const engagementWithRecordFields = { objectId: [999999, "1", 1.5, 2147483648, raw("1e400"), -1, 0, {}, null, [1]] };

const REST_DOCUMENTS = [
  { path: "settings", kind: "settings", create: SETTINGS, patch: { name: "Patched by the battery" }, fields: settingsFields },
  { path: "settings/channel-connection", kind: "channel", create: { url: "https://battery.example/hook", isReady: false }, patch: { isReady: true }, fields: channelFields },
];

function restEndpoints() {
  const table = {};
  for (const { base, auth } of API_PREFIXES) {
    for (const doc of REST_DOCUMENTS) {
      const pattern = `${base}/:appId/${doc.path}`;
      // POST goes to an app with nothing stored, so a body that got through would create it;
      // the others go to app 1 (seeded), so a request that got through would change or delete it.
      table[`POST ${pattern}`] = { auth, params: { appId: "500" }, body: [{ valid: doc.create, fields: doc.fields, required: Object.keys(doc.create) }] };
      table[`GET ${pattern}`] = { auth, params: { appId: "1" } };
      table[`PATCH ${pattern}`] = { auth, params: { appId: "1" }, body: [{ valid: doc.patch, fields: doc.fields }] };
      table[`DELETE ${pattern}`] = { auth, params: { appId: "1" } };
    }
  }
  return table;
}

/**
 * auth: "hapikey" | "bearer" | "token" (?token=, the page's login) | undefined. params: a good value for each path parameter. body:
 * undefined if the endpoint reads none, else variants [{params?, valid, fields, required?}] —
 * `params` overrides the endpoint's (e.g. the record kind), `required` lists fields whose absence
 * is an error. `needs`: what the good request relies on existing (see battery setup).
 */
export const ENDPOINTS = {
  ...restEndpoints(),
  "POST /crm/extensions/calling/2026-03/inbound-call": {
    auth: "bearer",
    params: {},
    body: [{ valid: INBOUND_CALL, fields: inboundFields, required: Object.keys(INBOUND_CALL) }],
  },
  // The host page's API follows --tokens as the REST routes do (a Bearer token, or the cookie
  // GET /_emulator/login?token=… sets), and the battery's emulator runs with one.
  "GET /_emulator/login": { auth: "token", params: {} },
  "GET /_emulator/config": { auth: "bearer", params: {} },
  "GET /_emulator/apps": { auth: "bearer", params: {} },
  "GET /_emulator/records": { auth: "bearer", params: {} },
  "POST /_emulator/records/:kind": {
    auth: "bearer",
    params: { kind: "contacts" },
    body: [
      { params: { kind: "contacts" }, valid: CONTACT, fields: contactFields },
      { params: { kind: "companies" }, valid: COMPANY, fields: companyFields, required: ["name"] },
    ],
  },
  "GET /_emulator/records/:kind/:id": { auth: "bearer", params: { kind: "contacts", id: "1" } },
  "PATCH /_emulator/records/:kind/:id": {
    auth: "bearer",
    params: { kind: "contacts", id: "1" },
    body: [
      { params: { kind: "contacts", id: "1" }, valid: { firstName: "Patched" }, fields: contactFields },
      { params: { kind: "companies", id: "1" }, valid: { name: "Patched" }, fields: companyFields },
    ],
  },
  "GET /_emulator/records/:kind/:id/engagements": { auth: "bearer", params: { kind: "contacts", id: "1" } },
  "POST /_emulator/engagements": {
    auth: "bearer",
    params: {},
    body: [
      { valid: ENGAGEMENT, fields: engagementFields },
      { valid: { ...ENGAGEMENT, objectType: "CONTACT", objectId: 1 }, fields: engagementWithRecordFields },
    ],
  },
  "GET /_emulator/engagements/:id": { auth: "bearer", params: { id: "1" }, needs: "engagement 1" },
  "PATCH /_emulator/engagements/:id": {
    auth: "bearer",
    params: { id: "1" },
    needs: "engagement 1",
    body: [
      {
        valid: { properties: { hs_call_body: "patched by the battery" } },
        fields: { properties: ["notes", [], 5, null, { nested: {} }, { list: [1] }, { deep: { a: { b: 1 } } }] },
        required: ["properties"],
      },
    ],
  },
  "POST /_emulator/caller-id": {
    auth: "bearer",
    params: {},
    body: [{ valid: { phoneNumber: "+18884827768" }, fields: { phoneNumber: [5, "", "   ", null, {}, [], true] }, required: ["phoneNumber"] }],
  },
  // The body is an empty object (what the host page sends): the request only makes the emulator
  // call the app's webhook, so nothing but malformed or oversized bodies can be wrong with it.
  "POST /_emulator/helpdesk/:appId/numbers": { auth: "bearer", params: { appId: "1" }, body: [{ valid: {}, fields: {} }] },
  // The calling window: a public page (like the host page), for this emulator's portal only.
  "GET /calling-integration-popup-ui/:portalId": { params: { portalId: "123456" } },
};

/** "METHOD pattern" → [method, pattern]. */
export const splitKey = (key) => [key.slice(0, key.indexOf(" ")), key.slice(key.indexOf(" ") + 1)];

/** The pattern with each ":name" replaced by params[name] (already on-the-wire text). */
export function fillPath(pattern, params) {
  return pattern
    .split("/")
    .map((segment) => (segment.startsWith(":") ? params[segment.slice(1)] : segment))
    .join("/");
}

/** JSON text of `value`, with RawJson values written as their literal text. */
export function bodyText(value) {
  const spliced = [];
  const text = JSON.stringify(value, (_, v) => {
    if (!(v instanceof RawJson)) return v;
    spliced.push(v.text);
    return `\u0001RAW${spliced.length - 1}\u0001`;
  });
  return text.replace(/"\\u0001RAW(\d+)\\u0001"/g, (_, i) => spliced[Number(i)]);
}

/** A short printable form of a bad value, for failure messages. */
export const show = (value) => (value instanceof RawJson ? value.text : bodyText(value));
