// --tokens covers the host page's /_emulator/ API as it covers the REST routes: without a
// credential nothing there answers (no app's settings or webhook URL, no record, no write, no
// webhook call). A script sends a Bearer token; a browser opens /_emulator/login?token=… once
// and the page then works on its cookie. Without --tokens the API stays open, as before.
import assert from "node:assert/strict";
import test from "node:test";
import { demoWidget, emulator, UUID } from "../emulator/helpers.mjs";
import { openStore, snapshot } from "../emulator/store-snapshot.mjs";
import { CREDENTIAL } from "./attacks.mjs";
import { bodyText, ENDPOINTS, fillPath, splitKey } from "./endpoints.mjs";
import { send } from "./raw-http.mjs";

const PAGE_ROUTES = Object.entries(ENDPOINTS).filter(([key]) => key.includes(" /_emulator/") && !key.endsWith("/login"));

/** The good request of a /_emulator/ endpoint, with `headers` (credentials) added. */
function pageRequest(key, endpoint, headers = {}) {
  const [method, pattern] = splitKey(key);
  const variant = endpoint.body?.[0];
  return {
    method,
    path: fillPath(pattern, { ...endpoint.params, ...variant?.params }),
    headers: { ...(variant && { "content-type": "application/json" }), ...headers },
    body: variant && bodyText(variant.valid),
  };
}

async function lockedEmulator(t) {
  const widget = await demoWidget(t); // the seeded demo app's webhook, for the help-desk route
  const server = await emulator(t, { tokens: [CREDENTIAL, "second-token"], widgetOrigin: widget.url });
  const hook = await server.client.v3("POST", "/77/settings/channel-connection", { hapikey: CREDENTIAL, body: { url: "https://hooks.example/secret-path?key=s3cret", isReady: true } });
  assert.equal(hook.status, 200, hook.text);
  const seeded = await server.client.call("POST", "/_emulator/engagements", { bearer: CREDENTIAL, body: { objectType: "CONTACT", objectId: 1 } });
  assert.equal(seeded.status, 201, seeded.text);
  return server;
}

test("with --tokens every /_emulator/ route is a 401 without a credential, and nothing leaks or changes", async (t) => {
  const server = await lockedEmulator(t);
  const store = openStore(t, server.dataDir);
  const before = snapshot(store);
  const anonymous = [{}, { cookie: "callcore_emulator_1=x" }, { authorization: "Bearer forged" }, { authorization: `Basic ${Buffer.from(`${CREDENTIAL}:`).toString("base64")}` }];
  for (const [key, endpoint] of PAGE_ROUTES) {
    for (const headers of anonymous) {
      const response = await send(server.url, pageRequest(key, endpoint, headers));
      const context = `${key} with ${JSON.stringify(headers)}`;
      assert.equal(response.status, 401, `${context}: ${response.text.slice(0, 300)}`);
      assert.equal(response.json.category, "INVALID_AUTHENTICATION", context);
      assert.match(response.json.correlationId, UUID, context);
      assert.doesNotMatch(response.text, /hooks\.example|s3cret|Maria|portalId/, `${context}: nothing of the store leaks`);
    }
  }
  assert.equal(snapshot(store), before, "no write got through");
  const hint = await send(server.url, pageRequest("GET /_emulator/apps", ENDPOINTS["GET /_emulator/apps"]));
  assert.match(hint.json.message, /\/_emulator\/login\?token=/, "the 401 the page shows says how to get in");
  // The page and its scripts are public code: the browser must load them to show that hint.
  for (const path of ["/", "/app.mjs", "/callcore.js"]) assert.equal((await send(server.url, { path })).status, 200, path);
});

test("with --tokens a Bearer token opens every /_emulator/ route", async (t) => {
  const server = await lockedEmulator(t);
  for (const token of [CREDENTIAL, "second-token"]) {
    for (const [key, endpoint] of PAGE_ROUTES) {
      const response = await send(server.url, pageRequest(key, endpoint, { authorization: `Bearer ${token}` }));
      assert.ok(response.status >= 200 && response.status < 300, `${key}: ${response.status} ${response.text.slice(0, 300)}`);
    }
  }
  const apps = await send(server.url, { path: "/_emulator/apps", headers: { authorization: `Bearer ${CREDENTIAL}` } });
  assert.ok(apps.json.some((app) => app.channelConnection?.url === "https://hooks.example/secret-path?key=s3cret"));
});

test("/_emulator/login?token= sets an HttpOnly, SameSite=Strict cookie that opens what the page calls", async (t) => {
  const server = await lockedEmulator(t);
  for (const query of ["", "?token=", "?token=forged", `?token=${CREDENTIAL}x`, `?hapikey=${CREDENTIAL}`]) {
    const refused = await send(server.url, { path: `/_emulator/login${query}` });
    assert.equal(refused.status, 401, query);
    assert.equal(refused.headers["set-cookie"], undefined, `${query}: no cookie`);
  }
  const login = await send(server.url, { path: `/_emulator/login?token=${CREDENTIAL}` });
  assert.equal(login.status, 303, login.text);
  assert.equal(login.headers.location, "/");
  assert.equal(login.headers["cache-control"], "no-store");
  const [setCookie] = login.headers["set-cookie"];
  const attributes = setCookie.split(";").map((a) => a.trim());
  assert.equal(attributes[0].split("=")[0], `callcore_emulator_${server.port}`, "named by the port: each emulator on this host has its own");
  assert.ok(!setCookie.includes(CREDENTIAL), "the cookie is not the token");
  for (const attribute of ["HttpOnly", "SameSite=Strict", "Path=/_emulator/"]) assert.ok(attributes.includes(attribute), `${attribute} in ${setCookie}`);
  const cookie = attributes[0];

  // Every call of demo/emulator/public/api.mjs, as the page makes them (same origin: the cookie).
  const call = (method, path, body) =>
    send(server.url, { method, path, headers: { cookie, ...(body !== undefined && { "content-type": "application/json" }) }, body: body === undefined ? undefined : JSON.stringify(body) });
  const calls = [
    ["GET", "/_emulator/config"],
    ["GET", "/_emulator/apps"],
    ["GET", "/_emulator/records"],
    ["POST", "/_emulator/records/contacts", { firstName: "Cookie", phone: "+12025550142" }],
    ["PATCH", "/_emulator/records/contacts/1", { lastName: "Patched" }],
    ["GET", "/_emulator/records/contacts/1/engagements"],
    ["POST", "/_emulator/engagements", { objectType: "CONTACT", objectId: 1, externalCallId: "cookie-call", direction: "OUTBOUND", toNumber: "+12025550142" }],
    ["PATCH", "/_emulator/engagements/1", { properties: { hs_call_status: "COMPLETED" } }],
    ["POST", "/_emulator/caller-id", { phoneNumber: "+12025550142" }],
    ["POST", "/_emulator/helpdesk/1/numbers", {}],
  ];
  for (const [method, path, body] of calls) {
    const response = await call(method, path, body);
    assert.ok(response.status >= 200 && response.status < 300, `${method} ${path}: ${response.status} ${response.text.slice(0, 300)}`);
  }
  // The cookie opens the page's API, not the REST routes: those keep their own credentials.
  assert.equal((await send(server.url, { path: "/crm/v3/extensions/calling/1/settings", headers: { cookie } })).status, 401);
  // The same value under another port's name, or a made-up value, opens nothing.
  const value = cookie.split("=")[1];
  for (const forged of [`callcore_emulator_${server.port + 1}=${value}`, `callcore_emulator_${server.port}=${value.slice(0, -1)}A`, `callcore_emulator_${server.port}=`]) {
    assert.equal((await send(server.url, { path: "/_emulator/apps", headers: { cookie: forged } })).status, 401, forged);
  }
});

test("a cookie from one token set opens nothing on an emulator with other tokens", async (t) => {
  const first = await emulator(t, { tokens: ["alpha"] });
  const second = await emulator(t, { tokens: ["beta"] });
  const login = await send(first.url, { path: "/_emulator/login?token=alpha" });
  const value = login.headers["set-cookie"][0].split(";")[0].split("=")[1];
  assert.equal((await send(second.url, { path: "/_emulator/apps", headers: { cookie: `callcore_emulator_${second.port}=${value}` } })).status, 401);
  assert.equal((await send(first.url, { path: "/_emulator/apps", headers: { cookie: `callcore_emulator_${first.port}=${value}` } })).status, 200);
});

test("without --tokens the page API is open as before, and login only sends the browser on", async (t) => {
  const server = await emulator(t, { tokens: [] });
  for (const [key, endpoint] of PAGE_ROUTES.filter(([key]) => key.startsWith("GET ") && !key.includes(":"))) {
    assert.equal((await send(server.url, pageRequest(key, endpoint))).status, 200, key);
  }
  const login = await send(server.url, { path: "/_emulator/login?token=anything" });
  assert.equal(login.status, 303);
  assert.equal(login.headers.location, "/");
  assert.equal(login.headers["set-cookie"], undefined);
});
