// DNS rebinding: a page on evil.example whose name is re-pointed at 127.0.0.1 is same-origin
// with a local server that answers any Host. Both demo servers answer only their own names
// (localhost, 127.0.0.1, [::1] on their port, and --allow-host ones); every other Host is a 421
// in HubSpot's error shape, on every route and file, before anything is read or written.
import assert from "node:assert/strict";
import test from "node:test";
import { createHostCheck } from "../../demo/lib/host-check.mjs";
import { demoWidget, emulator, UUID } from "../emulator/helpers.mjs";
import { openStore, snapshot } from "../emulator/store-snapshot.mjs";
import { CREDENTIAL } from "./attacks.mjs";
import { bodyText, ENDPOINTS, fillPath, splitKey } from "./endpoints.mjs";
import { send } from "./raw-http.mjs";

/** Names a rebinding page (or a confused client) could send for a server on `port`. */
const foreignHosts = (port) => [
  `evil.example:${port}`,
  "evil.example",
  `127.0.0.1.nip.io:${port}`,
  `localhost.evil.example:${port}`,
  `localhost.:${port}`,
  `2130706433:${port}`,
  `0x7f000001:${port}`,
  `127.1:${port}`,
  `[::ffff:127.0.0.1]:${port}`,
  `0.0.0.0:${port}`,
  "localhost", // port 80: not this server's
  "localhost:1",
  `127.0.0.1:${port + 1}`,
];

/** The good request of each battery endpoint (credentials, parameters, body), sent as `host`. */
function goodRequests(host) {
  return Object.entries(ENDPOINTS).map(([key, endpoint]) => {
    const [method, pattern] = splitKey(key);
    const variant = endpoint.body?.[0];
    const query = endpoint.auth === "hapikey" ? `?hapikey=${CREDENTIAL}` : "";
    const headers = { host, authorization: `Bearer ${CREDENTIAL}`, ...(variant && { "content-type": "application/json" }) };
    return { key, request: { method, path: fillPath(pattern, { ...endpoint.params, ...variant?.params }) + query, headers, body: variant && bodyText(variant.valid) } };
  });
}

function assertMisdirected(response, context) {
  assert.equal(response.status, 421, `${context}: ${response.text?.slice(0, 300)}`);
  assert.equal(response.json?.status, "error", context);
  assert.equal(response.json.category, "MISDIRECTED_REQUEST", context);
  assert.match(response.json.correlationId, UUID, context);
  assert.match(response.json.message, /--allow-host/, `${context}: says how to allow a name`);
}

test("the emulator answers 421 to a foreign Host on every route and file; nothing is read or stored", async (t) => {
  const server = await emulator(t, { tokens: [CREDENTIAL] });
  const { port } = server;
  const store = openStore(t, server.dataDir);
  // Engagement 1, for the routes that read or patch one.
  const seeded = await send(server.url, {
    method: "POST",
    path: "/_emulator/engagements",
    headers: { "content-type": "application/json", authorization: `Bearer ${CREDENTIAL}` },
    body: '{"objectType":"CONTACT","objectId":1}',
  });
  assert.equal(seeded.status, 201, seeded.text);
  const before = snapshot(store);
  let sent = 0;
  for (const host of foreignHosts(port)) {
    const requests = [
      ...goodRequests(host),
      ...["/", "/index.html", "/callcore.js", "/app.mjs", "/nothing-here"].map((path) => ({ key: `GET ${path}`, request: { method: "GET", path, headers: { host } } })),
    ];
    for (const { key, request } of requests) {
      const response = await send(server.url, request);
      assertMisdirected(response, `${key} as ${host}`);
      assert.doesNotMatch(response.text, /Maria|callcore demo|battery|hubspotOrigin/, `${key} as ${host}: nothing of the store leaks`);
      sent++;
    }
    assert.equal(snapshot(store), before, `the store changed after requests as ${host}`);
  }
  console.log(`foreign-Host requests refused: ${sent}`);
});

test("the emulator answers its own names, in any case, with and without --allow-host ones", async (t) => {
  const server = await emulator(t, { allowHosts: ["dev.example", "proxy.example:8443", "[fd00::1]"] });
  const { port } = server;
  const answered = [`localhost:${port}`, `LOCALHOST:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `dev.example:${port}`, `Dev.Example:${port}`, "proxy.example:8443", `[fd00::1]:${port}`];
  for (const host of answered) {
    const config = await send(server.url, { path: "/_emulator/config", headers: { host } });
    assert.equal(config.status, 200, `${host}: ${config.text}`);
    assert.equal(config.json.hubspotOrigin, `http://127.0.0.1:${port}`, `${host}: never echoed back`);
    assert.equal((await send(server.url, { path: "/", headers: { host } })).status, 200, host);
  }
  // An allowed name on another port, or the proxy's name on ours, is still someone else.
  for (const host of [`dev.example:${port + 1}`, "dev.example", `proxy.example:${port}`, "proxy.example", `[fd00::2]:${port}`]) {
    assertMisdirected(await send(server.url, { path: "/_emulator/config", headers: { host } }), host);
  }
});

test("the demo softphone answers 421 to a foreign Host, and its own names as before", async (t) => {
  const widget = await demoWidget(t, { allowHosts: ["phone.example"] });
  const { port } = widget;
  const requests = [
    { method: "GET", path: "/" },
    { method: "GET", path: "/config.json" },
    { method: "GET", path: "/callcore.js" },
    { method: "POST", path: "/helpdesk/webhook", headers: { "content-type": "application/json" }, body: '{"appId":1,"portalId":2,"userId":3}' },
  ];
  for (const host of foreignHosts(port)) {
    for (const request of requests) {
      const response = await send(widget.url, { ...request, headers: { ...request.headers, host } });
      assertMisdirected(response, `${request.method} ${request.path} as ${host}`);
      assert.doesNotMatch(response.text, /phoneNumbers|allowedHostOrigins/, `${request.path} as ${host}: nothing leaks`);
    }
  }
  for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `phone.example:${port}`]) {
    for (const request of requests) {
      const response = await send(widget.url, { ...request, headers: { ...request.headers, host } });
      assert.equal(response.status, 200, `${request.method} ${request.path} as ${host}: ${response.text.slice(0, 200)}`);
    }
  }
});

/** A request as node:http hands it over, with one Host header. */
const requestFor = (host) => ({ httpVersion: "1.1", headers: { host }, rawHeaders: ["Host", host] });
const answers = (check, host) => {
  try {
    check.check(requestFor(host));
    return 200;
  } catch (error) {
    return error.status;
  }
};

test("the bare name is answered only on the scheme's default port", () => {
  const http80 = createHostCheck({ scheme: "http" });
  http80.bind(80, "127.0.0.1");
  for (const host of ["localhost", "localhost:80", "127.0.0.1", "[::1]", "[::1]:80"]) assert.equal(answers(http80, host), 200, host);
  assert.equal(answers(http80, "localhost:443"), 421);
  const https443 = createHostCheck({ scheme: "https", allowHosts: ["phone.example"] });
  https443.bind(443, "127.0.0.1");
  for (const host of ["localhost", "localhost:443", "phone.example", "phone.example:443"]) assert.equal(answers(https443, host), 200, host);
  for (const host of ["localhost:80", "phone.example:80"]) assert.equal(answers(https443, host), 421, host);
  const https9025 = createHostCheck({ scheme: "https" });
  https9025.bind(9025, "127.0.0.1");
  assert.equal(answers(https9025, "localhost"), 421, "port 443 is not this server's");
});

test("a specific bound address is one of the server's names; a wildcard is not", () => {
  const lan = createHostCheck({ scheme: "http" });
  lan.bind(9026, "192.168.1.5");
  assert.equal(answers(lan, "192.168.1.5:9026"), 200);
  const v6 = createHostCheck({ scheme: "http" });
  v6.bind(9026, "FD00::5");
  assert.equal(answers(v6, "[fd00::5]:9026"), 200);
  for (const wildcard of ["0.0.0.0", "::"]) {
    const any = createHostCheck({ scheme: "http" });
    any.bind(9026, wildcard);
    assert.equal(answers(any, `${wildcard.includes(":") ? `[${wildcard}]` : wildcard}:9026`), 421, wildcard);
    assert.equal(answers(any, "localhost:9026"), 200, wildcard);
  }
});

test("a bad --allow-host value is refused when the server starts, in one line", () => {
  for (const bad of ["", "http://dev.example", "dev.example/path", "user@dev.example", "dev.example:0", "dev.example:70000", "dev example", "*.example"]) {
    assert.throws(() => createHostCheck({ scheme: "http", allowHosts: [bad] }), /--allow-host .* takes name\[:port\]/, JSON.stringify(bad));
  }
});
