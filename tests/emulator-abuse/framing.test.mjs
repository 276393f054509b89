// Framing rules node:http parses but leaves to the application (RFC 9112): exactly one Host
// (3.2), no Transfer-Encoding on HTTP/1.0 (6.1). Each broken request is a 400 in HubSpot's shape
// that closes the connection, on both servers, with the store unchanged. And a client that hangs
// up mid-body costs one short log line, not a stack trace.
import assert from "node:assert/strict";
import net from "node:net";
import test from "node:test";
import { demoWidget, emulator, UUID } from "../emulator/helpers.mjs";
import { openStore, snapshot } from "../emulator/store-snapshot.mjs";
import { sendRaw } from "./raw-http.mjs";

const CONTACT = '{"firstName":"Smuggled"}';
const chunked = (text) => `${text.length.toString(16)}\r\n${text}\r\n0\r\n\r\n`;

/** [label, request] for a server at `host` ("127.0.0.1:port"); `path`/`post` pick its routes. */
function brokenRequests(host, { get, post }) {
  return [
    ["two Host headers, the same", `GET ${get} HTTP/1.1\r\nHost: ${host}\r\nHost: ${host}\r\n\r\n`],
    ["two Host headers, its own then another", `GET ${get} HTTP/1.1\r\nHost: ${host}\r\nHost: evil.example\r\n\r\n`],
    ["another Host then its own, spelled HOST", `GET ${get} HTTP/1.1\r\nhost: evil.example\r\nHOST: ${host}\r\n\r\n`],
    ["no Host over HTTP/1.1", `GET ${get} HTTP/1.1\r\nAccept: */*\r\n\r\n`],
    ["no Host over HTTP/1.0", `GET ${get} HTTP/1.0\r\n\r\n`],
    ["an empty Host", `GET ${get} HTTP/1.1\r\nHost: \r\n\r\n`],
    ["a Host with user info", `GET ${get} HTTP/1.1\r\nHost: user@${host}\r\n\r\n`],
    ["a Host with a path", `GET ${get} HTTP/1.1\r\nHost: ${host}/x\r\n\r\n`],
    ["two hosts in one Host header", `GET ${get} HTTP/1.1\r\nHost: ${host}, evil.example\r\n\r\n`],
    [
      "HTTP/1.0 with Transfer-Encoding: chunked",
      `POST ${post} HTTP/1.0\r\nHost: ${host}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${chunked(CONTACT)}`,
    ],
    [
      "HTTP/1.0 with Transfer-Encoding: gzip, chunked",
      `POST ${post} HTTP/1.0\r\nHost: ${host}\r\nContent-Type: application/json\r\nTransfer-Encoding: gzip, chunked\r\n\r\n${chunked(CONTACT)}`,
    ],
  ];
}

async function assertAllRefused(url, requests, store) {
  for (const [label, bytes] of requests) {
    const before = store && snapshot(store);
    const response = await sendRaw(url, bytes);
    assert.equal(response.status, 400, `${label}: ${response.body}`);
    assert.equal(response.json?.status, "error", label);
    assert.equal(response.json.category, "MALFORMED_REQUEST", label);
    assert.match(response.json.correlationId, UUID, label);
    assert.equal(response.headers.connection, "close", `${label}: the connection is not reused`);
    if (store) assert.equal(snapshot(store), before, `the store changed after ${label}`);
  }
}

test("the emulator answers 400 to a doubled, missing or unreadable Host and to HTTP/1.0 with Transfer-Encoding", async (t) => {
  const server = await emulator(t);
  const store = openStore(t, server.dataDir);
  const host = new URL(server.url).host;
  await assertAllRefused(server.url, brokenRequests(host, { get: "/_emulator/records", post: "/_emulator/records/contacts" }), store);
  // The same bytes over HTTP/1.1 are fine: it is the version that makes the framing faulty.
  const ok = await sendRaw(
    server.url,
    `POST /_emulator/records/contacts HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${chunked(CONTACT)}`,
  );
  assert.equal(ok.status, 201, ok.body);
  // And HTTP/1.0 with a Content-Length.
  const old = await sendRaw(server.url, `GET /_emulator/config HTTP/1.0\r\nHost: ${host}\r\n\r\n`);
  assert.equal(old.status, 200, old.body);
});

test("the demo softphone answers the same 400s", async (t) => {
  const widget = await demoWidget(t);
  const host = new URL(widget.url).host;
  await assertAllRefused(widget.url, brokenRequests(host, { get: "/config.json", post: "/helpdesk/webhook" }));
  assert.equal((await sendRaw(widget.url, `GET /config.json HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`)).status, 200);
});

/** Sends the head and part of a body, then hangs up; resolves once the server had time to notice. */
function abortMidBody(url, head, part) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    socket.on("error", reject);
    socket.on("connect", () => {
      socket.write(head + part);
      setTimeout(() => {
        socket.destroy();
        setTimeout(resolve, 300);
      }, 200);
    });
  });
}

test("a client that hangs up mid-body is one short log line, no stack trace, on both servers", async (t) => {
  const lines = [];
  const log = (line) => lines.push(line);
  const server = await emulator(t, { log });
  const widget = await demoWidget(t, { log });
  const cases = [
    [server.url, "POST /_emulator/records/contacts", "Content-Length: 100\r\n", '{"firstN'],
    [server.url, "POST /crm/v3/extensions/calling/9/settings?hapikey=k", "Content-Length: 5000\r\n", '{"name":"slow'],
    [server.url, "POST /_emulator/caller-id", "Transfer-Encoding: chunked\r\n", '40\r\n{"phoneNumber":'],
    [widget.url, "POST /helpdesk/webhook", "Content-Length: 100\r\n", '{"appId":'],
  ];
  for (const [url, requestLine, framing, part] of cases) {
    lines.length = 0;
    const head = `${requestLine} HTTP/1.1\r\nHost: ${new URL(url).host}\r\nContent-Type: application/json\r\n${framing}\r\n`;
    await abortMidBody(url, head, part);
    assert.ok(lines.length <= 1, `${requestLine}: at most one line, got ${JSON.stringify(lines)}`);
    for (const line of lines) {
      assert.doesNotMatch(line, /\n/, `${requestLine}: one line`);
      assert.doesNotMatch(line, /\bat \S+ \(|node:internal|^error:/, `${requestLine}: no stack trace, not an error`);
      assert.ok(line.length < 200, `${requestLine}: short`);
    }
  }
  assert.equal((await server.client.call("GET", "/_emulator/config")).status, 200, "the server still answers");
});
