// One inbound call, every surface: an app with inbound calling and the calling window. The demo
// softphone's instances (option instances) share the ring: it rings in the remote frame of two
// tabs, the user opens the calling window from the ring banner, which takes the call over (it
// leads), answers and saves it there; HubSpot's side hears one INCOMING_CALL, one CALL_ANSWERED,
// one CALL_COMPLETED, and the call lands on the caller's timeline once.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { records, startDemo } from "./helpers/demo-harness.mjs";
import { PORTAL_ID, logInWidget, openWithSurfaces, waitForSynced } from "./helpers/surfaces.mjs";

let demo;
before(async () => {
  demo = await startDemo();
});
after(async () => {
  await demo?.close();
});

/** What each window's host sessions heard from their widgets, by type. */
async function heard(page) {
  const log = await page.evaluate(() => window.emulator.log.records);
  return log.filter((r) => r.direction === "inbound").map((r) => r.type);
}

test("a ring in two tabs and the calling window: answered in the window, saved once", async () => {
  const { contacts } = await records(demo);
  const brian = contacts.find((c) => c.firstName === "Brian");
  const first = demo.page;
  await openWithSurfaces(demo, first, { supportsInboundCalling: true, usesRemote: true, usesCallingWindow: true });
  const second = await demo.context.newPage();
  await second.goto(`${demo.emulatorUrl}#/companies`);
  for (const page of [first, second]) await waitForSynced(page, "remote");

  // Logged in and available once: the instances share it.
  await first.bringToFront();
  await first.locator("#remote-toggle").click();
  const firstWidget = first.frameLocator("#remote-frame iframe");
  await logInWidget(firstWidget);
  await firstWidget.locator("#availability").click();
  await second.waitForFunction(() => window.emulator.remote.state().available === true);

  // The caller rings the softphone (its simulator, in the first tab's frame): both tabs ring.
  await firstWidget.locator("#simulator summary").click();
  await firstWidget.locator("#incoming-from").fill(brian.phone);
  await firstWidget.locator("#simulate-incoming").click();
  await firstWidget.locator("#screen-ringing").waitFor();
  const secondWidget = second.frameLocator("#remote-frame iframe");
  await secondWidget.locator("#screen-ringing").waitFor();
  await first.locator("#ring-banner").waitFor();

  // The banner opens the calling window: its instance leads (usesCallingWindow) and takes the call.
  const [popup] = await Promise.all([first.waitForEvent("popup"), first.locator("#open-calling-window").click()]);
  await popup.waitForURL(`${demo.emulatorOrigin}/calling-integration-popup-ui/${PORTAL_ID}`);
  await popup.waitForFunction(() => window.emulator && window.emulator.host && window.emulator.host.provider);
  await waitForSynced(popup, "window");
  const windowWidget = popup.frameLocator("#window-frame iframe");
  await windowWidget.locator("#screen-ringing").waitFor();
  const windowFrame = popup.frames().find((f) => f.url().startsWith(demo.widgetOrigin));
  await windowFrame.waitForFunction(() => {
    const i = window.demoPhone.ext.getState().instances;
    return i && i.leader === i.member;
  });
  assert.equal(await windowWidget.locator("#ringing-number").textContent(), brian.phone);

  // Answered in the window; the tabs follow.
  await popup.bringToFront();
  await windowWidget.locator("#answer").click();
  await windowWidget.locator("#screen-incall").waitFor();
  await firstWidget.locator("#screen-incall").waitFor();
  await secondWidget.locator("#screen-incall").waitFor();

  // Hung up and saved in the window: once, on Brian's timeline.
  await windowWidget.locator("#hangup").click();
  await windowWidget.locator("#screen-ended").waitFor();
  await windowWidget.locator("#notes").fill("One ring, three surfaces.");
  await windowWidget.locator("#save-call").click();
  // The home screen (the dial pad) may have no box in the small popup: shown means not hidden.
  const home = (widget) => widget.locator("#screen-home:not([hidden])").waitFor({ state: "attached" });
  await home(windowWidget);
  await home(firstWidget);
  await home(secondWidget);

  const all = [...(await heard(first)), ...(await heard(second)), ...(await heard(popup))];
  const count = (type) => all.filter((t) => t === type).length;
  assert.equal(count("INCOMING_CALL"), 1, `one INCOMING_CALL: ${all}`);
  assert.equal(count("CALL_ANSWERED"), 1, `one CALL_ANSWERED: ${all}`);
  assert.equal(count("CALL_ENDED"), 1, `one CALL_ENDED: ${all}`);
  assert.equal(count("CALL_COMPLETED"), 1, `one CALL_COMPLETED: ${all}`);
  const popupFindings = (await popup.evaluate(() => window.emulator.log.records)).flatMap((r) => r.violations.map((v) => `${r.type}: ${v.code} ${v.message}`));
  assert.deepEqual(popupFindings, [], "the window's host found nothing wrong");

  const response = await fetch(`${demo.emulatorUrl}_emulator/records/contacts/${brian.id}/engagements`);
  const engagements = await response.json();
  const list = Array.isArray(engagements) ? engagements : engagements.results || engagements.engagements || [];
  const logged = list.filter((e) => JSON.stringify(e).includes("One ring, three surfaces."));
  assert.equal(logged.length, 1, "the call is on Brian's timeline once");
  await popup.close();
  await second.close();
});
