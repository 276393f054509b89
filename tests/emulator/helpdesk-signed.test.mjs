// The help-desk flow with signing on: the emulator signs every webhook request with the app's
// client secret (its own per app, or --client-secret's), shows that secret in /_emulator/apps,
// and a softphone that checks signatures lists the numbers as before, or refuses, and the
// emulator says why.
import assert from "node:assert/strict";
import https from "node:https";
import test from "node:test";
import { localhostCertificate } from "../../demo/widget/certificate.mjs";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignatureV3 } from "../../demo/lib/hubspot-signature.mjs";
import { assertError, demoWidget, emulator, tempDir } from "./helpers.mjs";

const UUID_SHAPED = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const numbersOf = (client, appId) => client.call("POST", `/_emulator/helpdesk/${appId}/numbers`, { body: {} });
const secretsOf = async (client) => Object.fromEntries((await client.call("GET", "/_emulator/apps")).json.map((app) => [app.appId, app.clientSecret]));
const connect = (client, appId, url) => client.v3("POST", `/${appId}/settings/channel-connection`, { body: { url, isReady: true } });

test("over https, a softphone that checks signatures lists the numbers the emulator asks for", async (t) => {
  const widget = await demoWidget(t, { http: false, certDir: tempDir(t), clientSecret: "shared-secret" });
  const { client } = await emulator(t, { clientSecret: "shared-secret" });
  const webhook = `https://localhost:${widget.port}/helpdesk/webhook`;
  assert.equal((await connect(client, 70, webhook)).status, 200);

  const response = await numbersOf(client, 70);
  assert.equal(response.status, 200, response.text);
  assert.equal(response.json.url, webhook);
  assert.ok(response.json.numbers.some((n) => n.friendlyName === "London customer care hot"));
  assert.deepEqual(response.json.warnings.map((w) => w.code).sort(), ["NOT_SELECTABLE", "VALUE_TRUNCATED"]);
  // Each listing is a new request, freshly signed: not mistaken for a replay.
  assert.equal((await numbersOf(client, 70)).status, 200);
});

test("the seeded demo app: the softphone takes the emulator's own secret for it and agrees", async (t) => {
  let server = null;
  const widget = await demoWidget(t, { clientSecret: () => server?.clientSecret(1) });
  server = await emulator(t, { widgetOrigin: widget.url });
  const [demo] = (await server.client.call("GET", "/_emulator/apps")).json;
  assert.equal(demo.clientSecret.source, "generated");
  assert.match(demo.clientSecret.secret, UUID_SHAPED);
  assert.equal(demo.clientSecret.secret, server.clientSecret(1), "the page is shown the secret the emulator signs with");
  const response = await numbersOf(server.client, 1);
  assert.equal(response.status, 200, response.text);
});

test("a softphone with another secret refuses; the emulator's 502 carries its reason", async (t) => {
  const widget = await demoWidget(t, { clientSecret: "the-softphone-s" });
  const { client } = await emulator(t);
  await connect(client, 71, `${widget.url}helpdesk/webhook`);
  const response = await numbersOf(client, 71);
  assertError(assert, response, 502, "WEBHOOK_ERROR");
  assert.match(response.json.message, /answered HTTP 401: Invalid webhook signature: X-HubSpot-Signature-v3 does not match this request/);
});

// An https webhook that records what it receives and answers one valid number.
async function recordingWebhook(t) {
  const seen = [];
  const server = https.createServer(localhostCertificate(tempDir(t)), (req, res) => {
    let body = "";
    req.on("data", (c) => (body += c)).on("end", () => {
      seen.push({ method: req.method, uri: `https://${req.headers.host}${req.url}`, headers: req.headers, body, at: Date.now() });
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ phoneNumbers: [{ e164PhoneNumber: "+16175550100", friendlyName: "Desk" }] }));
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.after(() => new Promise((resolve) => server.close(resolve)));
  return { base: `https://localhost:${server.address().port}`, seen };
}

test("what the emulator sends: a millisecond timestamp and a v3 signature of exactly that request", async (t) => {
  const hook = await recordingWebhook(t);
  const { client } = await emulator(t);
  // Escapes HubSpot decodes before signing (%2F, %3F, %2C) and one it keeps (%20).
  const url = `${hook.base}/hook?next=%2Fdone%3Fok%2C1&q=a%20b`;
  await connect(client, 81, url);
  await connect(client, 82, `${hook.base}/hook`);
  const before = Date.now();
  assert.equal((await numbersOf(client, 81)).status, 200);
  assert.equal((await numbersOf(client, 82)).status, 200);

  const secrets = await secretsOf(client);
  assert.notEqual(secrets[81].secret, secrets[82].secret, "each app has its own secret");
  for (const [request, appId] of [[hook.seen[0], 81], [hook.seen[1], 82]]) {
    const timestamp = request.headers[TIMESTAMP_HEADER.toLowerCase()];
    assert.match(timestamp, /^\d{13}$/, "milliseconds since 1970");
    assert.ok(Number(timestamp) >= before && Number(timestamp) <= request.at, "stamped when sent");
    const verdict = verifySignatureV3({
      clientSecret: secrets[appId].secret,
      method: request.method,
      uri: request.uri,
      body: request.body,
      signature: request.headers[SIGNATURE_HEADER.toLowerCase()],
      timestamp,
    });
    assert.equal(verdict.ok, true, `app ${appId}: ${verdict.message}`);
  }
  assert.equal(hook.seen[0].uri, url, "the URL requested is the one registered");
  const wrongApp = verifySignatureV3({ ...hook.seen[1], clientSecret: secrets[81].secret, signature: hook.seen[1].headers["x-hubspot-signature-v3"], timestamp: hook.seen[1].headers["x-hubspot-request-timestamp"] });
  assert.equal(wrongApp.code, "SIGNATURE_MISMATCH", "app 82's request is not signed with app 81's secret");
});

test("generated secrets survive a restart; --client-secret, for every app or per app, wins over them", async (t) => {
  const dataDir = tempDir(t);
  const first = await emulator(t, { dataDir });
  await first.client.v3("POST", "/5/settings/channel-connection", { body: { url: "https://x.example/hook", isReady: true } });
  const generated = await secretsOf(first.client);
  await first.close();

  const second = await emulator(t, { dataDir });
  assert.deepEqual(await secretsOf(second.client), generated);
  await second.close();

  const hook = await recordingWebhook(t);
  const third = await emulator(t, { dataDir, clientSecret: { all: "for-every-app", apps: { 5: "for-app-5" } } });
  assert.deepEqual(await secretsOf(third.client), {
    1: { secret: "for-every-app", source: "every-app" },
    5: { secret: "for-app-5", source: "per-app" },
  });
  await third.client.v3("PATCH", "/5/settings/channel-connection", { body: { url: `${hook.base}/hook` } });
  assert.equal((await numbersOf(third.client, 5)).status, 200);
  const [request] = hook.seen;
  const verdict = verifySignatureV3({ ...request, clientSecret: "for-app-5", signature: request.headers["x-hubspot-signature-v3"], timestamp: request.headers["x-hubspot-request-timestamp"] });
  assert.equal(verdict.ok, true, verdict.message);
  await third.close();

  const fourth = await emulator(t, { dataDir });
  assert.deepEqual(await secretsOf(fourth.client), generated, "without the flag, the generated ones are back");
});
