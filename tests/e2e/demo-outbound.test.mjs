// A full outbound call from the emulator's record page through the demo softphone, ending with
// the engagement (notes, outcome) on the contact's timeline.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, test } from "node:test";
import { logIn, openEmulatorWithDemo, records, screenshot, startDemo } from "./helpers/demo-harness.mjs";

const CONNECTED = "f240bbac-87c9-4f6e-bf70-924b57d47db7"; // HubSpot's "Connected" outcome

let demo;
before(async () => {
  demo = await startDemo();
});
after(async () => {
  await demo?.close();
});

/** What the emulator's message log holds, as records. */
const logRecords = (page) => page.evaluate(() => window.emulator.log.records);

test("outbound call from a contact's record page ends on the contact's timeline", async () => {
  const { page } = demo;
  const { contacts } = await records(demo);
  const maria = contacts.find((c) => c.firstName === "Maria" && c.lastName === "Johnson");
  assert.ok(maria, "the seeded contact Maria Johnson exists");

  // Opened on Maria's record: the widget belongs to the page it was mounted on (README, "Surfaces").
  const widget = await openEmulatorWithDemo(demo, { hash: `#/contacts/${maria.id}` });

  // Logged out: HubSpot refuses click-to-call with an alert, and sends no DIAL_NUMBER.
  await page.locator("#record-call").click();
  await page.locator("#alerts .alert", { hasText: "logged out" }).waitFor();
  assert.equal((await logRecords(page)).filter((r) => r.type === "DIAL_NUMBER").length, 0);
  await page.locator("#alerts .alert button").click();

  await logIn(page, widget);
  await page.locator("#record-call").click();

  // The widget dials what DIAL_NUMBER said, and gets this call's engagement.
  await widget.locator("#screen-dialing").waitFor();
  assert.equal(await widget.locator("#dialing-number").textContent(), maria.phone);
  await widget.locator('#dialing-engagement[data-state="created"]').waitFor();
  await page.locator(".timeline .engagement.open").waitFor(); // created at call start

  await widget.locator("#callee-answers").click();
  await widget.locator("#screen-incall").waitFor();
  await widget.locator("#timer", { hasText: "00:01" }).waitFor();
  await page.locator('#widget-status [data-name="call"]', { hasText: "on a call" }).waitFor();
  await screenshot(page, "emulator-outbound-call.png");

  await widget.locator("#hangup").click();
  await widget.locator("#screen-ended").waitFor();
  const notes = "Walked Maria through the renewal; she wants a quote by Friday.";
  await widget.locator("#notes").fill(notes);
  await widget.locator("#disposition").selectOption({ label: "Connected" });
  await widget.locator("#call-title").fill("Renewal call with Maria");
  await screenshot(page.locator("#widget-frame iframe"), "widget-ended.png");
  await widget.locator("#save-call").click();

  // CALL_COMPLETED: the host updates the engagement, refreshes the timeline, hides the widget.
  const card = page.locator(".timeline .engagement", { hasText: notes });
  await card.waitFor();
  assert.equal((await card.locator(".title").textContent()).trim(), "Renewal call with Maria");
  assert.match(await card.locator('[data-fact="disposition"]').textContent(), /Connected/);
  assert.match(await card.locator('[data-fact="status"]').textContent(), /COMPLETED/);
  assert.match(await card.locator('[data-fact="direction"]').textContent(), /Outbound/);
  await page.locator("#widget-hidden", { hasText: "hidden" }).waitFor();

  // The same engagement through the emulator's API.
  const timeline = await (await fetch(`${demo.emulatorUrl}_emulator/records/contacts/${maria.id}/engagements`)).json();
  assert.equal(timeline.length, 1);
  const { properties } = timeline[0];
  assert.equal(properties.hs_call_body, notes);
  assert.equal(properties.hs_call_disposition, CONNECTED);
  assert.equal(properties.hs_call_direction, "OUTBOUND");
  assert.equal(properties.hs_call_status, "COMPLETED");
  assert.match(properties.hs_call_duration, /^\d+$/);
  assert.ok(Number(properties.hs_call_duration) >= 1000, "the call lasted at least a second");

  // The conversation, in order, and clean: the core found nothing wrong on either side.
  const log = await logRecords(page);
  const types = log.filter((r) => !["SYNC", "SYNC_ACK"].includes(r.type)).map((r) => r.type);
  for (const [first, second] of [
    ["DIAL_NUMBER", "OUTGOING_CALL_STARTED"],
    ["OUTGOING_CALL_STARTED", "CREATE_ENGAGEMENT_SUCCEEDED"],
    ["CALL_ANSWERED", "CALL_ENDED"],
    ["CALL_ENDED", "CALL_COMPLETED"],
    ["CALL_COMPLETED", "UPDATE_ENGAGEMENT_SUCCEEDED"],
  ]) {
    assert.ok(types.indexOf(first) !== -1 && types.indexOf(first) < types.indexOf(second), `${first} before ${second} in ${types}`);
  }
  const dial = log.find((r) => r.type === "DIAL_NUMBER").envelope.data;
  assert.equal(dial.phoneNumber, maria.phone);
  assert.equal(dial.objectId, maria.id);
  assert.equal(dial.objectType, "CONTACT");
  assert.deepEqual(dial.calleeInfo, { calleeId: maria.id, calleeObjectTypeId: "0-1" });
  assert.equal(typeof dial.startTimestamp, "number");
  const completed = log.find((r) => r.type === "CALL_COMPLETED").envelope.data;
  const created = log.find((r) => r.type === "CREATE_ENGAGEMENT_SUCCEEDED").envelope.data;
  assert.equal(completed.engagementId, created.engagementId, "CALL_COMPLETED carries this call's engagement");
  const findings = log.flatMap((r) => r.violations.map((v) => `${r.type}: ${v.code} ${v.message}`));
  assert.deepEqual(findings, [], "no violations in a well-behaved call");
  assert.equal(await widget.locator("#violation-count").textContent(), "0", `the widget's notes: ${await widget.locator("#violation-list").textContent()}`);

  // The log exports as JSON.
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#log-export").click()]);
  const exported = JSON.parse(await readFile(await download.path(), "utf8"));
  assert.ok(exported.records.some((r) => r.type === "CALL_COMPLETED" && r.direction === "inbound"));

  assert.deepEqual(demo.consoleErrors, []);
});

test("click-to-call waits until the call the user is busy with is saved (the core's currentCall)", async () => {
  const { page } = demo;
  const widget = page.frameLocator("#widget-frame iframe");
  const dials = async () => (await logRecords(page)).filter((r) => r.type === "DIAL_NUMBER").length;
  const coreState = () => page.evaluate(() => window.emulator.host.ext.getState());
  const refused = async (text) => {
    await page.locator("#record-call").click();
    await page.locator("#alerts .alert", { hasText: text }).waitFor();
    await page.locator("#alerts .alert button").click();
  };
  // The same number again within 2 s of the last DIAL_NUMBER would be the core's DUPLICATE_DIAL.
  const callMaria = async () => {
    const lastDial = (await logRecords(page)).findLast((r) => r.type === "DIAL_NUMBER").time;
    await page.waitForFunction((t) => Date.now() - t > 2100, lastDial);
    await page.locator("#record-call").click(); // still on Maria's record
  };
  const before = await dials();

  await callMaria();
  await widget.locator("#screen-dialing").waitFor();
  await widget.locator("#callee-answers").click();
  await refused("already in progress");
  await widget.locator("#hangup").click();
  await widget.locator("#screen-ended").waitFor();
  await page.locator('#widget-status [data-name="call"]', { hasText: "call ended" }).waitFor();

  // Ended but not completed: still the call the user is busy with, by the core's rule, and a
  // DIAL_NUMBER now would break the protocol (the widget has notes to save).
  const ended = await coreState();
  assert.equal(ended.calls.find((c) => c.externalCallId === ended.currentCall)?.state, "ended");
  await refused("not saved yet");
  assert.equal(await dials(), before + 1, "no DIAL_NUMBER while the call was busy");

  await widget.locator("#disposition").selectOption({ label: "Connected" });
  await widget.locator("#save-call").click();
  await page.locator('#widget-status [data-name="call"]').waitFor({ state: "detached" });
  assert.equal((await coreState()).currentCall, null);
  await callMaria();
  await widget.locator("#screen-dialing").waitFor();
  assert.equal(await dials(), before + 2);
  await page.locator("#end-call:not([disabled])").click();
  await widget.locator("#screen-ended").waitFor();
  await widget.locator("#save-call").click();
  await page.locator('#widget-status [data-name="call"]').waitFor({ state: "detached" });

  const findings = (await logRecords(page)).flatMap((r) => r.violations.map((v) => `${r.type}: ${v.code} ${v.message}`));
  assert.deepEqual(findings, [], "no violations: nothing was sent that the protocol refuses");
  assert.deepEqual(demo.consoleErrors, []);
});
