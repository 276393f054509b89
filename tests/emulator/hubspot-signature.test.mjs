// HubSpot's signature v3 as demo/lib/hubspot-signature.mjs writes it for both sides: the string
// signed, the escapes decoded in the URI, the 5-minute window each way, the text comparison that
// refuses re-spelt signatures, and the replay guard's memory.
import assert from "node:assert/strict";
import test from "node:test";
import { parseClientSecrets } from "../../demo/emulator/server/client-secrets.mjs";
import {
  MAX_AGE_MS,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  createReplayGuard,
  signatureHeaders,
  signatureV3,
  signedUri,
  verifySignatureV3,
} from "../../demo/lib/hubspot-signature.mjs";

// The v3 example of HubSpot's own Python client (hubspot-api-python, tests/spec/utils/
// test_signature.py): the same secret, body, URL, method and timestamp must give its signature.
const HUBSPOT_EXAMPLE = {
  clientSecret: "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy",
  method: "POST",
  uri: "https://www.example.com/webhook_uri",
  body: "{'example_field':'example_value'}",
  timestamp: "15000000",
};

test("the signature of HubSpot's own example: base64 HMAC-SHA256 of method + uri + body + timestamp", () => {
  assert.equal(signatureV3(HUBSPOT_EXAMPLE), "HPW73RUtKmcYoEDADG0s6MmGFWUzWJKAW07r8RDgcQw=");
  const now = Number(HUBSPOT_EXAMPLE.timestamp);
  const verdict = verifySignatureV3({ ...HUBSPOT_EXAMPLE, signature: "HPW73RUtKmcYoEDADG0s6MmGFWUzWJKAW07r8RDgcQw=", now });
  assert.deepEqual(verdict, { ok: true, signature: "HPW73RUtKmcYoEDADG0s6MmGFWUzWJKAW07r8RDgcQw=", timestamp: now });
});

test("the URI is signed with HubSpot's twelve escapes decoded, and only those, once", () => {
  assert.equal(
    signedUri("https://h.example/a%3Ab%2Fc?d=%3F%40%21%24%27%28%29%2A%2C%3B"),
    "https://h.example/a:b/c?d=?@!$'()*,;",
  );
  assert.equal(signedUri("https://h.example/?x=%3a%2f"), "https://h.example/?x=:/", "lower-case hex too");
  assert.equal(signedUri("https://h.example/?x=%20%25%26%3D%23%2B"), "https://h.example/?x=%20%25%26%3D%23%2B", "space, %, &, =, #, + stay escaped");
  assert.equal(signedUri("https://h.example/?x=%253A"), "https://h.example/?x=%253A", "no second pass");
  const sign = (uri) => signatureV3({ ...HUBSPOT_EXAMPLE, uri });
  assert.equal(sign("https://h.example/?next=%2Fhome"), sign("https://h.example/?next=/home"));
  assert.notEqual(sign("https://h.example/?q=a%20b"), sign("https://h.example/?q=a b"));
});

test("signatureHeaders: the timestamp in milliseconds, the URL as requested (no fragment, no default port)", () => {
  const now = 1_760_000_000_123;
  const url = new URL("https://Example.COM:443/hook?a=%2F#fragment");
  const headers = signatureHeaders({ clientSecret: "s", method: "POST", url, body: "{}", now });
  assert.equal(headers[TIMESTAMP_HEADER], "1760000000123");
  assert.equal(headers[SIGNATURE_HEADER], signatureV3({ clientSecret: "s", method: "POST", uri: "https://example.com/hook?a=/", body: "{}", timestamp: "1760000000123" }));
});

test("the window: 5 minutes old or ahead is accepted, a millisecond more is refused", () => {
  const timestamp = 1_760_000_000_000;
  const signed = { clientSecret: "s", method: "POST", uri: "https://h.example/hook", body: "{}", timestamp: String(timestamp) };
  const check = (now) => verifySignatureV3({ ...signed, signature: signatureV3(signed), now });
  assert.equal(MAX_AGE_MS, 300_000);
  assert.equal(check(timestamp + MAX_AGE_MS).ok, true);
  assert.equal(check(timestamp - MAX_AGE_MS).ok, true);
  const old = check(timestamp + MAX_AGE_MS + 1);
  assert.deepEqual([old.ok, old.code, old.field], [false, "TIMESTAMP_TOO_OLD", TIMESTAMP_HEADER]);
  assert.equal(old.message, "the request was signed 300.001 s ago; a request older than 300 s is refused");
  const ahead = check(timestamp - MAX_AGE_MS - 1);
  assert.deepEqual([ahead.ok, ahead.code], [false, "TIMESTAMP_IN_FUTURE"]);
});

test("missing or malformed headers are named; a re-spelt signature does not pass", () => {
  const signed = { clientSecret: "s", method: "POST", uri: "https://h.example/hook", body: "{}", timestamp: String(Date.now()) };
  const signature = signatureV3(signed);
  const check = (changes) => verifySignatureV3({ ...signed, signature, ...changes });
  assert.equal(check({}).ok, true);
  assert.equal(check({ signature: undefined }).code, "MISSING_SIGNATURE");
  assert.equal(check({ timestamp: undefined }).code, "MISSING_TIMESTAMP");
  for (const timestamp of ["1.76e12", "-1", " 1760000000000", "0x1", "1".repeat(16)]) {
    assert.equal(check({ timestamp }).code, "INVALID_TIMESTAMP", timestamp);
  }
  // Each decodes to the same bytes as the real one: base64 decoding would let them through.
  for (const variant of [signature.replace(/=$/, ""), `${signature} `, ` ${signature}`, `${signature.slice(0, 20)}\n${signature.slice(20)}`]) {
    assert.deepEqual(Buffer.from(variant, "base64"), Buffer.from(signature, "base64"));
    assert.equal(check({ signature: variant }).code, "SIGNATURE_MISMATCH", JSON.stringify(variant));
  }
  assert.equal(check({ method: "PUT" }).code, "SIGNATURE_MISMATCH");
});

test("the replay guard remembers a signature until its timestamp leaves the window, and no longer", () => {
  const guard = createReplayGuard();
  const t0 = 1_760_000_000_000;
  assert.equal(guard.accept("sig-a", t0, t0), "accepted");
  assert.equal(guard.accept("sig-a", t0, t0 + 1000), "replayed");
  assert.equal(guard.accept("sig-a", t0, t0 + MAX_AGE_MS), "replayed", "still inside the window at its last millisecond");
  assert.equal(guard.accept("sig-b", t0, t0 + MAX_AGE_MS + 2000), "accepted", "pruned once outside the window");
  assert.equal(guard.size, 1, "sig-a is forgotten");

  const small = createReplayGuard({ limit: 2 });
  assert.equal(small.accept("1", t0, t0), "accepted");
  assert.equal(small.accept("2", t0, t0), "accepted");
  assert.equal(small.accept("3", t0, t0), "full", "refuses rather than forget a live signature");
  assert.equal(small.accept("3", t0, t0 + MAX_AGE_MS + 1), "accepted", "room again once the others expire");
});

test("--client-secret entries: SECRET for every app, APPID=SECRET for one, each given once", () => {
  assert.equal(parseClientSecrets(undefined), undefined);
  assert.deepEqual(parseClientSecrets(["s3cret"]), { all: "s3cret", apps: new Map() });
  assert.deepEqual(parseClientSecrets("all, 42=for-42,7=x=y"), { all: "all", apps: new Map([[42, "for-42"], [7, "x=y"]]) });
  assert.deepEqual(parseClientSecrets(["abc=def"]), { all: "abc=def", apps: new Map() }, "not digits before =: one secret");
  for (const [bad, why] of [
    [[""], /must be SECRET or APPID=SECRET/],
    [["a b"], /without spaces/],
    [["0=x"], /app id 0 .* is not a positive 32-bit integer/],
    [["2147483648=x"], /not a positive 32-bit integer/],
    [["1=x", "1=y"], /app 1's secret twice/],
    [["a", "b"], /the secret for every app twice/],
  ]) {
    assert.throws(() => parseClientSecrets(bad), why, JSON.stringify(bad));
  }
});
