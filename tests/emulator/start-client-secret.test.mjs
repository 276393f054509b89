// `npm start` with signing: the emulator and the softphone it starts agree on the demo app's
// client secret out of the box (the emulator's own) and with --client-secret or
// CALLCORE_CLIENT_SECRET; the softphone's webhook refuses what the emulator did not sign.
import assert from "node:assert/strict";
import test from "node:test";
import { signatureHeaders } from "../../demo/lib/hubspot-signature.mjs";
import { tempDir } from "./helpers.mjs";
import { ephemeral, startDemo } from "./start-demo.mjs";

const BODY = JSON.stringify({ appId: 1, portalId: 123456, userId: 1001 });
const demoSecret = async (emulator) => (await emulator.call("GET", "/_emulator/apps")).json.find((app) => app.appId === 1).clientSecret;
const numbers = (emulator) => emulator.call("POST", "/_emulator/helpdesk/1/numbers", { body: {} });

/** POSTs to the softphone's webhook, signed with `clientSecret` when given. */
function callWebhook(widgetUrl, clientSecret) {
  // 127.0.0.1, as the servers bind it (localhost may resolve to ::1 first); the URL signed is the one used.
  const url = new URL("helpdesk/webhook", widgetUrl.replace("localhost", "127.0.0.1"));
  const headers = { "content-type": "application/json" };
  if (clientSecret) Object.assign(headers, signatureHeaders({ clientSecret, method: "POST", url, body: BODY }));
  return fetch(url, { method: "POST", headers, body: BODY });
}

test("out of the box: the emulator's own secret for the demo app, which the softphone checks against", async (t) => {
  const { widget, emulator, child } = await startDemo(t, ephemeral(tempDir(t))).ready;
  const secret = await demoSecret(emulator);
  assert.equal(secret.source, "generated");
  const listed = await numbers(emulator);
  assert.equal(listed.status, 200, listed.text);
  assert.ok(listed.json.numbers.length >= 3);

  const unsigned = await callWebhook(widget);
  assert.equal(unsigned.status, 401);
  assert.equal((await unsigned.json()).errors[0].code, "MISSING_SIGNATURE");
  assert.equal((await callWebhook(widget, "a-guess")).status, 401);
  assert.equal((await callWebhook(widget, secret.secret)).status, 200, "the secret the page shows is the one checked");
  child.kill("SIGTERM");
});

test("--client-secret sets it for both; the flag wins over CALLCORE_CLIENT_SECRET", async (t) => {
  const { widget, emulator } = await startDemo(t, ephemeral(tempDir(t), "--client-secret", "flag-secret"), { CALLCORE_CLIENT_SECRET: "1=env-secret" }).ready;
  assert.deepEqual(await demoSecret(emulator), { secret: "flag-secret", source: "every-app" });
  assert.equal((await numbers(emulator)).status, 200);
  assert.equal((await callWebhook(widget, "flag-secret")).status, 200);
  assert.equal((await callWebhook(widget, "env-secret")).status, 401);
});

test("CALLCORE_CLIENT_SECRET=APPID=SECRET gives the demo app its own, and the softphone follows", async (t) => {
  const { widget, emulator } = await startDemo(t, ephemeral(tempDir(t)), { CALLCORE_CLIENT_SECRET: "1=env-secret,2=other" }).ready;
  assert.deepEqual(await demoSecret(emulator), { secret: "env-secret", source: "per-app" });
  assert.equal((await numbers(emulator)).status, 200);
  assert.equal((await callWebhook(widget, "env-secret")).status, 200);
});

test("--help documents the flag; a bad secret is a one-line error, exit code 1", async (t) => {
  const help = await startDemo(t, ["--help"]).exit;
  assert.equal(help.code, 0);
  assert.match(help.stdout, /--client-secret SECRET \| APPID=SECRET/);
  assert.match(help.stdout, /CALLCORE_CLIENT_SECRET/);
  const bad = await startDemo(t, ["--client-secret", "two words"]).exit;
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /^callcore demo: --client-secret \/ CALLCORE_CLIENT_SECRET must be SECRET or APPID=SECRET/);
  assert.doesNotMatch(bad.stderr, /\n\s+at /, "no stack trace");
});
