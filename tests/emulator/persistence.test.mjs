// Everything written survives a restart on the same data directory; seeding happens once.
import assert from "node:assert/strict";
import test from "node:test";
import { emulator, SETTINGS, tempDir } from "./helpers.mjs";

test("settings, channel connections, records and engagements survive a restart", async (t) => {
  const dataDir = tempDir(t);
  const first = await emulator(t, { dataDir });
  const settings = (await first.client.dated("POST", "/30/settings", { body: SETTINGS })).json;
  const patched = (await first.client.v3("PATCH", "/30/settings", { body: { isReady: true } })).json;
  const hook = (await first.client.v3("POST", "/30/settings/channel-connection", { body: { url: "https://x.example/hook", isReady: false } })).json;
  await first.client.v3("DELETE", "/1/settings/channel-connection");
  const contact = (await first.client.call("POST", "/_emulator/records/contacts", { body: { firstName: "Kept", phone: "+12025550111" } })).json;
  const { engagementId } = (await first.client.call("POST", "/_emulator/engagements", { body: { objectType: "CONTACT", objectId: contact.id, externalCallId: "p-1" } })).json;
  await first.client.call("PATCH", `/_emulator/engagements/${engagementId}`, { body: { properties: { hs_call_body: "still here" } } });
  const recordsBefore = (await first.client.call("GET", "/_emulator/records")).json;
  await first.close();

  const second = await emulator(t, { dataDir });
  const again = await second.client.v3("GET", "/30/settings");
  assert.deepEqual(again.json, patched);
  assert.equal(again.json.createdAt, settings.createdAt);
  assert.deepEqual((await second.client.dated("GET", "/30/settings/channel-connection")).json, hook);
  assert.equal((await second.client.dated("GET", "/1/settings/channel-connection")).status, 404, "a delete is durable too");
  assert.deepEqual((await second.client.call("GET", "/_emulator/records")).json, recordsBefore, "seeds are not added twice");
  const [engagement] = (await second.client.call("GET", `/_emulator/records/contacts/${contact.id}/engagements`)).json;
  assert.equal(engagement.id, engagementId);
  assert.equal(engagement.properties.hs_call_body, "still here");
});

test("the seeded demo app follows the widget's origin unless its URL was changed by hand", async (t) => {
  const dataDir = tempDir(t);
  const first = await emulator(t, { dataDir, widgetOrigin: "https://localhost:9025" });
  await first.close();

  const moved = await emulator(t, { dataDir, widgetOrigin: "http://localhost:9125" });
  const [demo] = (await moved.client.call("GET", "/_emulator/apps")).json;
  assert.equal(demo.settings.url, "http://localhost:9125/");
  assert.equal(demo.channelConnection.url, "http://localhost:9125/helpdesk/webhook");
  await moved.client.v3("PATCH", "/1/settings", { body: { url: "https://my-widget.example/" } });
  await moved.close();

  const third = await emulator(t, { dataDir, widgetOrigin: "https://localhost:9025" });
  const [kept] = (await third.client.call("GET", "/_emulator/apps")).json;
  assert.equal(kept.settings.url, "https://my-widget.example/", "a developer's own URL is kept");
  assert.equal(kept.channelConnection.url, "https://localhost:9025/helpdesk/webhook");
});
