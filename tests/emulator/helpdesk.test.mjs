// The help-desk numbers flow: the emulator POSTs {appId, portalId, userId} to the app's
// channel-connection webhook and lists the answer as the core normalises it.
import assert from "node:assert/strict";
import https from "node:https";
import test from "node:test";
import { localhostCertificate } from "../../demo/widget/certificate.mjs";
import { assertError, demoWidget, emulator, tempDir } from "./helpers.mjs";

const numbersOf = (client, appId) => client.call("POST", `/_emulator/helpdesk/${appId}/numbers`, { body: {} });

test("against the real demo webhook over https: names cut to 24, extensions not selectable", async (t) => {
  const widget = await demoWidget(t, { http: false, certDir: tempDir(t) });
  const { client } = await emulator(t);
  const webhook = `https://localhost:${widget.port}/helpdesk/webhook`;
  assert.equal((await client.v3("POST", "/70/settings/channel-connection", { body: { url: webhook, isReady: false } })).status, 200);

  const response = await numbersOf(client, 70);
  assert.equal(response.status, 200, response.text);
  assert.equal(response.json.url, webhook);
  const { numbers, warnings } = response.json;
  assert.ok(numbers.length >= 3);
  for (const n of numbers) assert.ok(n.friendlyName.length <= 24, n.friendlyName);
  const truncated = numbers.find((n) => n.friendlyName === "London customer care hot");
  assert.ok(truncated, "the long name is cut to its first 24 characters");
  assert.equal(truncated.selectable, true);
  const withExtension = numbers.find((n) => n.extension);
  assert.equal(withExtension.selectable, false);
  assert.deepEqual(warnings.map((w) => w.code).sort(), ["NOT_SELECTABLE", "VALUE_TRUNCATED"]);
});

test("the seeded demo app's webhook follows the running widget (plain http with --http)", async (t) => {
  const widget = await demoWidget(t);
  const { client } = await emulator(t, { widgetOrigin: widget.url });
  const response = await numbersOf(client, 1);
  assert.equal(response.status, 200, response.text);
  assert.equal(response.json.appId, 1);
  assert.equal(response.json.numbers.filter((n) => !n.selectable).length, 1);
});

// A webhook that misbehaves in the ways the emulator must explain, on https as the core requires.
async function badWebhook(t) {
  const answers = {
    "/status-500": (res) => res.writeHead(500).end("boom"),
    "/not-json": (res) => res.writeHead(200, { "content-type": "text/html" }).end("<html>"),
    "/bad-numbers": (res) => res.writeHead(200).end(JSON.stringify({ phoneNumbers: [{ e164PhoneNumber: "555-0100", friendlyName: "Desk" }] })),
    "/no-list": (res) => res.writeHead(200).end(JSON.stringify({ numbers: [] })),
  };
  const seen = [];
  const server = https.createServer(localhostCertificate(tempDir(t)), (req, res) => {
    let body = "";
    req.on("data", (c) => (body += c)).on("end", () => {
      seen.push({ method: req.method, type: req.headers["content-type"], body: JSON.parse(body) });
      answers[req.url](res);
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.after(() => new Promise((resolve) => server.close(resolve)));
  return { base: `https://localhost:${server.address().port}`, seen };
}

test("a webhook's bad answer is a 502 that says what was wrong", async (t) => {
  const hook = await badWebhook(t);
  const { client } = await emulator(t);
  const cases = [
    ["/status-500", /answered HTTP 500/],
    ["/not-json", /not JSON/],
    ["/bad-numbers", /phoneNumbers\[0\]\.e164PhoneNumber "555-0100" is not an E\.164 number/],
    ["/no-list", /phoneNumbers is required/],
  ];
  let appId = 80;
  for (const [path, why] of cases) {
    appId += 1;
    await client.dated("POST", `/${appId}/settings/channel-connection`, { body: { url: hook.base + path, isReady: true } });
    const response = await numbersOf(client, appId);
    assertError(assert, response, 502, "WEBHOOK_ERROR");
    assert.match(response.json.message, why, path);
    assert.ok(response.json.message.includes(hook.base + path), "the message names the webhook");
  }
  const config = (await client.call("GET", "/_emulator/config")).json;
  assert.deepEqual(hook.seen[0], { method: "POST", type: "application/json", body: { appId: 81, portalId: config.portalId, userId: config.userId } });
  const invalid = await numbersOf(client, 83);
  assert.deepEqual(invalid.json.errors.map((e) => e.in), ["phoneNumbers[0].e164PhoneNumber"]);
});

test("an unreachable webhook is a 502; an app without one is a 404", async (t) => {
  const { client } = await emulator(t);
  await client.dated("POST", "/90/settings/channel-connection", { body: { url: "https://localhost:1/hook", isReady: true } });
  const unreachable = await numbersOf(client, 90);
  assertError(assert, unreachable, 502, "WEBHOOK_ERROR");
  assert.match(unreachable.json.message, /could not be reached/);
  assertError(assert, await numbersOf(client, 91), 404, "OBJECT_NOT_FOUND");
  assertError(assert, await numbersOf(client, "x"), 400, "VALIDATION_ERROR");
});
