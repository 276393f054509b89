// The demo widget's server: static page, bundle, /config.json, the help-desk webhook, and HTTPS
// with a self-signed localhost certificate created once and reused.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import https from "node:https";
import path from "node:path";
import test from "node:test";
import { demoWidget, tempDir } from "./helpers.mjs";

const get = (url, ca) =>
  new Promise((resolve, reject) => {
    https.get(url, { ca, agent: false }, (res) => {
      const cert = res.socket.getPeerCertificate(); // read before the socket is released
      let text = "";
      res.on("data", (c) => (text += c)).on("end", () => resolve({ status: res.statusCode, text, cert }));
    }).on("error", reject);
  });

test("config.json lists the emulator's origins and HubSpot's", async (t) => {
  const widget = await demoWidget(t, { emulatorOrigin: () => ["http://localhost:9100", "http://127.0.0.1:9100"] });
  const config = await (await fetch(`${widget.url}config.json`)).json();
  assert.deepEqual(config, {
    allowedHostOrigins: ["http://localhost:9100", "http://127.0.0.1:9100", "https://app.hubspot.com", "https://app-*.hubspot.com"],
  });
});

test("serves its public folder and the callcore bundle", async (t) => {
  const publicDir = tempDir(t);
  writeFileSync(path.join(publicDir, "index.html"), "<!doctype html><title>softphone</title>");
  const widget = await demoWidget(t, { publicDir });
  const page = await fetch(widget.url);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /softphone/);
  const bundle = await fetch(`${widget.url}callcore.js`);
  assert.equal(bundle.status, 200);
  assert.match(bundle.headers.get("content-type"), /^text\/javascript/);
  await bundle.text();
  const missing = await fetch(`${widget.url}nope.js`);
  assert.equal(missing.status, 404);
  await missing.text();
});

test("the help-desk webhook answers the demo's numbers in the webhook shape", async (t) => {
  const widget = await demoWidget(t);
  const response = await fetch(`${widget.url}helpdesk/webhook`, { method: "POST", body: JSON.stringify({ appId: 1, portalId: 2, userId: 3 }) });
  assert.equal(response.status, 200);
  const { phoneNumbers } = await response.json();
  for (const n of phoneNumbers) assert.match(n.e164PhoneNumber, /^\+[1-9]\d{1,14}$/);
  assert.ok(phoneNumbers.some((n) => n.friendlyName.length > 24), "one name longer than 24 characters");
  assert.ok(phoneNumbers.some((n) => n.extension), "one number with an extension");

  const bad = await fetch(`${widget.url}helpdesk/webhook`, { method: "POST", body: JSON.stringify({ appId: "1" }) });
  assert.equal(bad.status, 400);
  assert.deepEqual((await bad.json()).errors.map((e) => e.in), ["appId", "portalId", "userId"]);
  const wrongMethod = await fetch(`${widget.url}helpdesk/webhook`);
  assert.equal(wrongMethod.status, 405);
  assert.equal(wrongMethod.headers.get("allow"), "POST");
  await wrongMethod.text();
});

test("https by default: a localhost certificate is created in certDir and reused", async (t) => {
  const certDir = tempDir(t);
  const first = await demoWidget(t, { http: false, certDir });
  assert.match(first.url, /^https:\/\//);
  const pem = readFileSync(path.join(certDir, "localhost.crt"));
  const response = await get(`https://localhost:${first.port}/config.json`, pem);
  assert.equal(response.status, 200, "the certificate is valid for localhost");
  assert.match(response.cert.subjectaltname, /DNS:localhost/);
  await first.close();

  const second = await demoWidget(t, { http: false, certDir });
  assert.deepEqual(readFileSync(path.join(certDir, "localhost.crt")), pem, "the same certificate is reused");
  assert.equal((await get(`https://127.0.0.1:${second.port}/config.json`, pem)).status, 200);
});
