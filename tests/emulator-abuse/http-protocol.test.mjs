// Below the endpoints: requests node:http cannot parse, smuggling-shaped framing, and paths that
// try to leave the static folder. Each gets a 4xx in HubSpot's shape, the store stays the same,
// and the server keeps serving afterwards. Requests name the server as Host ("Host: HOST" is
// replaced by 127.0.0.1:port): any other name is a 421 (dns-rebinding.test.mjs).
import assert from "node:assert/strict";
import test from "node:test";
import { emulator, UUID } from "../emulator/helpers.mjs";
import { openStore, snapshot } from "../emulator/store-snapshot.mjs";
import { sendRaw } from "./raw-http.mjs";

const POST_HEAD = "POST /_emulator/records/contacts HTTP/1.1\r\nHost: HOST\r\nContent-Type: application/json\r\n";
/** `bytes` with HOST replaced by the server's own host:port. */
const naming = (server, bytes) => bytes.replaceAll("Host: HOST", `Host: ${new URL(server.url).host}`);

const UNPARSABLE = [
  ["a request line that is not HTTP", "GARBAGE\r\n\r\n", 400, "MALFORMED_REQUEST"],
  ["an unknown method", "BREW /_emulator/config HTTP/1.1\r\nHost: HOST\r\n\r\n", 400, "MALFORMED_REQUEST"],
  ["headers past node's 16 KiB limit", `GET /_emulator/config HTTP/1.1\r\nHost: HOST\r\nX-Big: ${"a".repeat(20000)}\r\n\r\n`, 431, "HEADERS_TOO_LARGE"],
  ["a bare CR inside a header", "GET /_emulator/config HTTP/1.1\r\nHost: HOST\r\nX-A: a\rb\r\n\r\n", 400, "MALFORMED_REQUEST"],
  ["Content-Length and Transfer-Encoding together", `${POST_HEAD}Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`, 400, "MALFORMED_REQUEST"],
  ["two different Content-Lengths", `${POST_HEAD}Content-Length: 2\r\nContent-Length: 40\r\n\r\n{}`, 400, "MALFORMED_REQUEST"],
  ["a chunk size that is not hex", `${POST_HEAD}Transfer-Encoding: chunked\r\n\r\nZZ\r\n{"firstName":"Smuggled"}\r\n0\r\n\r\n`, 400, "MALFORMED_REQUEST"],
  ["a negative Content-Length", `${POST_HEAD}Content-Length: -1\r\n\r\n{}`, 400, "MALFORMED_REQUEST"],
];

// Traversal through the static file server, in the spellings servers have fallen for.
const ESCAPES = [
  "/../../../../etc/passwd", "/%2e%2e/%2e%2e/package.json", "/..%2f..%2fpackage.json", "/..%252f..%252fpackage.json",
  "/%5c..%5c..%5cpackage.json", "//etc/passwd", "/callcore.js/../../package.json", "/.%2e/.%2e/demo/start.mjs",
  "/index.html%00.png", "/%c0%ae%c0%ae/package.json", "/../demo/.data/emulator.sqlite", "/..%2f..%2f..%2fdemo%2f.data%2femulator.sqlite",
];

test("unparsable requests get a JSON 4xx in HubSpot's shape; the store is unchanged; serving goes on", async (t) => {
  const server = await emulator(t);
  const store = openStore(t, server.dataDir);
  for (const [label, bytes, status, category] of UNPARSABLE) {
    const before = snapshot(store);
    const response = await sendRaw(server.url, naming(server, bytes));
    assert.equal(response.status, status, `${label}: ${response.body}`);
    assert.equal(response.json?.status, "error", label);
    assert.equal(response.json.category, category, label);
    assert.match(response.json.correlationId, UUID, label);
    assert.equal(snapshot(store), before, `the store changed after ${label}`);
  }
  assert.equal((await server.client.call("GET", "/_emulator/config")).status, 200, "the server still answers");
  console.log(`unparsable requests refused: ${UNPARSABLE.length}`);
});

test("no path leaves the static folder", async (t) => {
  const server = await emulator(t);
  const store = openStore(t, server.dataDir);
  for (const path of ESCAPES) {
    const before = snapshot(store);
    const response = await sendRaw(server.url, naming(server, `GET ${path} HTTP/1.1\r\nHost: HOST\r\nConnection: close\r\n\r\n`));
    assert.equal(response.status, 404, `${path}: ${response.body.slice(0, 200)}`);
    assert.equal(response.json?.category, "OBJECT_NOT_FOUND", path);
    assert.doesNotMatch(response.body, /"name": "callcore"|root:x:0|SQLite format/, path);
    assert.equal(snapshot(store), before, path);
  }
  console.log(`traversal paths refused: ${ESCAPES.length}`);
});
