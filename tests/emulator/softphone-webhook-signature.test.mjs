// The demo softphone's help-desk webhook with a client secret: it answers only a request signed
// with that secret (X-HubSpot-Signature-v3) over exactly this method, URL, body and timestamp,
// dated within 5 minutes either way, and only once. Every refusal is a 401 in HubSpot's error
// shape naming the header and the reason.
import assert from "node:assert/strict";
import http from "node:http";
import test from "node:test";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signatureHeaders } from "../../demo/lib/hubspot-signature.mjs";
import { assertError, demoWidget } from "./helpers.mjs";

const SECRET = "3f0c1d2e-4b5a-4c6d-8e7f-901a2b3c4d5e";
const BODY = JSON.stringify({ appId: 1, portalId: 123456, userId: 1001 });
const MINUTE = 60_000;

/** A raw POST (node:http, so the Host header and body go out exactly as given). */
function post(url, { headers = {}, body = BODY, host } = {}) {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const request = http.request(target, { method: "POST", agent: false, headers: { "content-type": "application/json", ...(host && { host }), ...headers } }, (res) => {
      let text = "";
      res.on("data", (c) => (text += c)).on("end", () => {
        let json;
        try {
          json = JSON.parse(text);
        } catch {}
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
    });
    request.on("error", reject);
    request.end(body);
  });
}

/** The headers the emulator would send for `body` to `url`, signed with `clientSecret` at `now`. */
const signed = (url, { clientSecret = SECRET, body = BODY, now = Date.now() } = {}) =>
  signatureHeaders({ clientSecret, method: "POST", url: new URL(url), body, now });

async function softphone(t, clientSecret = SECRET) {
  const widget = await demoWidget(t, { clientSecret });
  return { widget, hook: `${widget.url}helpdesk/webhook` };
}

function assertRefused(response, code, field) {
  assertError(assert, response, 401, "INVALID_AUTHENTICATION");
  assert.deepEqual(response.json.errors.map((e) => [e.code, e.in]), [[code, field]], response.text);
  assert.ok(response.json.message.includes(response.json.errors[0].message), "the message carries the reason");
}

test("a request signed with the app's secret gets the numbers", async (t) => {
  const { hook } = await softphone(t);
  const response = await post(hook, { headers: signed(hook) });
  assert.equal(response.status, 200, response.text);
  assert.ok(response.json.phoneNumbers.length >= 3);
});

test("an unsigned request, or one missing its timestamp, is refused", async (t) => {
  const { hook } = await softphone(t);
  const unsigned = await post(hook);
  assertRefused(unsigned, "MISSING_SIGNATURE", SIGNATURE_HEADER);
  assert.match(unsigned.json.message, /^Invalid webhook signature: the X-HubSpot-Signature-v3 header is missing/);
  const { [TIMESTAMP_HEADER]: _, ...noTimestamp } = signed(hook);
  assertRefused(await post(hook, { headers: noTimestamp }), "MISSING_TIMESTAMP", TIMESTAMP_HEADER);
  assertRefused(await post(hook, { headers: { ...signed(hook), [TIMESTAMP_HEADER]: "yesterday" } }), "INVALID_TIMESTAMP", TIMESTAMP_HEADER);
});

test("a wrong secret, a tampered body and a tampered URI are refused", async (t) => {
  const { widget, hook } = await softphone(t);
  const wrongSecret = await post(hook, { headers: signed(hook, { clientSecret: "not-the-secret" }) });
  assertRefused(wrongSecret, "SIGNATURE_MISMATCH", SIGNATURE_HEADER);
  assert.ok(wrongSecret.json.message.includes(`POST ${hook}`), "names the URL it checked against");

  // Same length, other portal: still a valid request, so only the signature can catch it.
  const tampered = BODY.replace("123456", "654321");
  assertRefused(await post(hook, { headers: signed(hook), body: tampered }), "SIGNATURE_MISMATCH", SIGNATURE_HEADER);
  assertRefused(await post(hook, { headers: signed(hook), body: `${BODY} ` }), "SIGNATURE_MISMATCH", SIGNATURE_HEADER);

  // Signed for one URL, sent to another: the query, then the host the client named.
  const withQuery = `${hook}?portal=1`;
  assertRefused(await post(`${hook}?portal=2`, { headers: signed(withQuery) }), "SIGNATURE_MISMATCH", SIGNATURE_HEADER);
  assertRefused(await post(hook, { headers: signed(withQuery) }), "SIGNATURE_MISMATCH", SIGNATURE_HEADER);
  assertRefused(await post(hook, { headers: signed(hook), host: `localhost:${widget.port}` }), "SIGNATURE_MISMATCH", SIGNATURE_HEADER);
  // Sanity: the signed query itself passes, and so does a URL whose escapes HubSpot decodes.
  assert.equal((await post(withQuery, { headers: signed(withQuery) })).status, 200);
  const escaped = `${hook}?next=%2Fdone%3Fok%2C1`;
  assert.equal((await post(escaped, { headers: signed(escaped) })).status, 200);
});

test("a timestamp older than 5 minutes, or more than 5 minutes ahead, is refused", async (t) => {
  const { hook } = await softphone(t);
  const stale = await post(hook, { headers: signed(hook, { now: Date.now() - 5 * MINUTE - 10_000 }) });
  assertRefused(stale, "TIMESTAMP_TOO_OLD", TIMESTAMP_HEADER);
  // whole seconds print without decimals: the age can land on one when the request goes out in the same millisecond
  assert.match(stale.json.message, /signed 31\d(\.\d{3})? s ago; a request older than 300 s is refused/);
  const future = await post(hook, { headers: signed(hook, { now: Date.now() + 60 * MINUTE }) });
  assertRefused(future, "TIMESTAMP_IN_FUTURE", TIMESTAMP_HEADER);
  // Inside the window either way: accepted (a clock a little off is not an attack).
  assert.equal((await post(hook, { headers: signed(hook, { now: Date.now() - 4 * MINUTE }) })).status, 200);
  assert.equal((await post(hook, { headers: signed(hook, { now: Date.now() + 4 * MINUTE }) })).status, 200);
});

test("the same signed request a second time is a replay, refused; a fresh signature is not", async (t) => {
  const { hook } = await softphone(t);
  const headers = signed(hook);
  assert.equal((await post(hook, { headers })).status, 200);
  const replay = await post(hook, { headers });
  assertRefused(replay, "SIGNATURE_REPLAYED", SIGNATURE_HEADER);
  assert.match(replay.json.message, /^Replayed webhook request: /);
  assertRefused(await post(hook, { headers }), "SIGNATURE_REPLAYED", SIGNATURE_HEADER);
  const again = signed(hook, { now: Number(headers[TIMESTAMP_HEADER]) + 1 });
  assert.equal((await post(hook, { headers: again })).status, 200, "the same body signed a millisecond later is a new request");
});

test("a refused signature is checked before the body: an unsigned malformed body is a 401, not a 400", async (t) => {
  const { hook } = await softphone(t);
  assertRefused(await post(hook, { body: "{not json" }), "MISSING_SIGNATURE", SIGNATURE_HEADER);
  const badFields = JSON.stringify({ appId: "1" });
  const response = await post(hook, { body: badFields, headers: signed(hook, { body: badFields }) });
  assertError(assert, response, 400, "VALIDATION_ERROR");
  assert.deepEqual(response.json.errors.map((e) => e.in), ["appId", "portalId", "userId"], "a signed request still has its fields checked");
});

test("until the softphone knows its secret it refuses everything (503), then checks with it", async (t) => {
  let secret;
  const { hook } = await softphone(t, () => secret);
  const early = await post(hook, { headers: signed(hook) });
  assertError(assert, early, 503, "SERVICE_UNAVAILABLE");
  assert.match(early.json.message, /does not know its client secret yet/);
  secret = SECRET;
  assert.equal((await post(hook, { headers: signed(hook) })).status, 200);
});
