// Shared by the emulator tests: servers on ephemeral ports with a fresh data directory, and a
// small client that speaks both auth styles.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startEmulator } from "../../demo/emulator/server/index.mjs";
import { startDemoWidget } from "../../demo/widget/server.mjs";

export const V3 = "/crm/v3/extensions/calling";
export const DATED = "/crm/extensions/calling/2026-03";
export const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const SETTINGS = {
  name: "Acme Dialer",
  url: "https://dialer.example.com/widget",
  width: 400,
  height: 600,
  isReady: false,
  supportsCustomObjects: true,
  supportsInboundCalling: true,
  usesCallingWindow: false,
  usesRemote: false,
};

export function inboundCall(overrides = {}) {
  return {
    createEngagement: true,
    engagementProperties: { hs_call_title: "Inbound from the REST test" },
    externalCallId: `call-${Math.random().toString(36).slice(2)}`,
    finalCallStatus: "COMPLETED",
    fromNumber: { e164Number: "+442073238299", phoneNumberType: "FIXED_LINE" },
    toNumber: { e164Number: "+16175550100", phoneNumberType: "FIXED_LINE" },
    potentialRecipientUserIds: [1001],
    ...overrides,
  };
}

export function tempDir(t, prefix = "callcore-emulator-") {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** An emulator on port 0 with its own data dir (or `dataDir`), closed after the test. */
export async function emulator(t, options = {}) {
  const dataDir = options.dataDir ?? tempDir(t);
  const server = await startEmulator({ port: 0, dataDir, tokens: [], ...options });
  t.after(() => server.close());
  return { ...server, dataDir, client: client(server.url) };
}

export async function demoWidget(t, options = {}) {
  const server = await startDemoWidget({ port: 0, http: true, emulatorOrigin: "http://localhost:9026", ...options });
  t.after(() => server.close());
  return server;
}

/**
 * client(base).call(method, path, {body, hapikey, bearer, headers}) → {status, headers, json, text}.
 * `body` is JSON-encoded unless it is a string (sent as is, e.g. malformed JSON).
 */
export function client(baseUrl) {
  const base = baseUrl.replace(/\/$/, "");
  async function call(method, pathname, { body, hapikey, bearer, headers = {} } = {}) {
    const url = new URL(base + pathname);
    if (hapikey !== undefined) url.searchParams.set("hapikey", hapikey);
    const init = { method, headers: { ...headers } };
    if (bearer !== undefined) init.headers.authorization = `Bearer ${bearer}`;
    if (body !== undefined) {
      init.headers["content-type"] ??= "application/json";
      init.body = typeof body === "string" ? body : JSON.stringify(body);
    }
    const response = await fetch(url, init);
    const text = await response.text();
    let json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, json, text };
  }
  return {
    call,
    /** hapikey on /crm/v3, Bearer on /2026-03: each prefix with its own auth style. */
    v3: (method, rest, options = {}) => call(method, V3 + rest, { hapikey: "dev-key", ...options }),
    dated: (method, rest, options = {}) => call(method, DATED + rest, { bearer: "oauth-token", ...options }),
  };
}

/** Both prefixes, for tests that must pass under each: [{name, api}] where api(method, rest, options). */
export const PREFIXES = [
  { name: "/crm/v3 (hapikey)", pick: (c) => c.v3 },
  { name: "/2026-03 (Bearer)", pick: (c) => c.dated },
];

/** A HubSpot-shaped error body of `category`. */
export function assertError(assert, response, status, category) {
  assert.equal(response.status, status, response.text);
  assert.equal(response.json?.status, "error");
  assert.equal(response.json.category, category);
  assert.match(response.json.correlationId, UUID);
  assert.equal(typeof response.json.message, "string");
}
