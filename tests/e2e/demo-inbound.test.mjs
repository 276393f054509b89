// A full inbound call with a caller-ID match: the softphone rings with the caller's name, opens
// the record through NAVIGATE_TO_RECORD, and the call lands on that contact's timeline.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { logIn, openEmulatorWithDemo, records, screenshot, startDemo } from "./helpers/demo-harness.mjs";

let demo;
before(async () => {
  demo = await startDemo();
});
after(async () => {
  await demo?.close();
});

test("inbound call from a known number is matched, answered and logged on the caller's record", async () => {
  const { page } = demo;
  const { contacts } = await records(demo);
  const brian = contacts.find((c) => c.firstName === "Brian" && c.lastName === "Halligan");
  assert.ok(brian, "the seeded contact Brian Halligan exists");

  const widget = await openEmulatorWithDemo(demo);
  await logIn(page, widget);
  await widget.locator("#availability").click();
  await page.locator("#widget-status .chip", { hasText: /^available$/ }).waitFor();

  // The simulator rings the softphone: INCOMING_CALL with createEngagement.
  await widget.locator("#simulator summary").click();
  await widget.locator("#incoming-from").fill(brian.phone);
  await widget.locator("#simulate-incoming").click();
  await widget.locator("#screen-ringing").waitFor();
  await widget.locator("#ringing-name", { hasText: "Brian Halligan" }).waitFor();
  assert.equal(await widget.locator("#ringing-number").textContent(), brian.phone);
  await widget.locator('#ringing-engagement[data-state="created"]').waitFor();
  await page.locator('#widget-status [data-name="call"]', { hasText: "ringing · Brian Halligan" }).waitFor();
  await screenshot(page, "emulator-inbound-ringing.png");

  // "Open record" asks the host to navigate (NAVIGATE_TO_RECORD). The widget surface belongs to
  // this page, so leaving it would end the call: the host asks first, as HubSpot does, and the
  // user stays (an inbound app that must follow the user gets the remote frame instead:
  // tests/e2e/surfaces-remote.test.mjs).
  const asked = new Promise((resolve) => page.once("dialog", async (dialog) => {
    resolve(dialog.message());
    await dialog.dismiss();
  }));
  await widget.locator("#ringing-matches button", { hasText: "Open record" }).click();
  assert.match(await asked, /call in progress/);
  await page.waitForFunction(() => location.hash === "#/contacts"); // the user stayed on the list
  assert.ok((await page.evaluate(() => window.emulator.log.records)).some((r) => r.type === "NAVIGATE_TO_RECORD"));

  await widget.locator("#answer").click();
  await widget.locator("#screen-incall").waitFor();
  assert.equal(await widget.locator("#incall-name").textContent(), "Brian Halligan");
  await widget.locator("#mute").click();
  await widget.locator("#muted-badge").waitFor();
  await widget.locator("#hold").click();
  await widget.locator("#hold-badge").waitFor();
  await widget.locator("#timer", { hasText: "00:01" }).waitFor();
  await widget.locator("#hangup").click();

  await widget.locator("#screen-ended").waitFor();
  const notes = "Brian called about invoice 1042; resent it by email.";
  await widget.locator("#notes").fill(notes);
  await widget.locator("#disposition").selectOption({ label: "Connected" });
  await widget.locator("#keep-open").check(); // hideWidget: false — the widget stays
  await widget.locator("#save-call").click();
  await widget.locator("#screen-home").waitFor();
  assert.equal(await page.locator("#widget-shell").getAttribute("data-visibility"), "visible");

  // The call saved, "Open record" navigates with no question (and the page's widget is a new one).
  await page.evaluate((id) => (location.hash = `#/contacts/${id}`), brian.id);
  await page.locator(".record-name", { hasText: "Brian Halligan" }).waitFor();
  const card = page.locator(".timeline .engagement", { hasText: notes });
  await card.waitFor();
  assert.match(await card.locator('[data-fact="direction"]').textContent(), /Inbound/);
  assert.match(await card.locator('[data-fact="disposition"]').textContent(), /Connected/);
  assert.match(await card.locator(".title").textContent(), /Inbound call from Brian Halligan/);
  // The record page's fresh widget: logged in and available again for the next tests (the framed
  // softphone gets no storage to remember its login in).
  await widget.locator("#link-chip[data-state=ready]").waitFor();
  await logIn(page, widget);
  await widget.locator("#availability").click();
  await page.locator("#widget-status .chip", { hasText: /^available$/ }).waitFor();

  const timeline = await (await fetch(`${demo.emulatorUrl}_emulator/records/contacts/${brian.id}/engagements`)).json();
  assert.equal(timeline.length, 1);
  assert.equal(timeline[0].properties.hs_call_body, notes);
  assert.equal(timeline[0].properties.hs_call_direction, "INBOUND");
  assert.equal(timeline[0].properties.hs_call_from_number, brian.phone);

  const log = await page.evaluate(() => window.emulator.log.records);
  const match = log.find((r) => r.type === "CALLER_ID_MATCH_SUCCEEDED").envelope.data.callerIdMatches;
  assert.deepEqual(match.map((m) => [m.callerIdType, m.firstName, m.lastName, m.objectCoordinates.objectId]), [
    ["CONTACT", "Brian", "Halligan", brian.id],
  ]);
  const findings = log.flatMap((r) => r.violations.map((v) => `${r.type}: ${v.code} ${v.message}`));
  assert.deepEqual(findings, [], "no violations in a well-behaved call");
  assert.deepEqual(demo.consoleErrors, []);
});

test("a second call gets its own engagement, never the previous call's", async () => {
  const { page } = demo;
  const widget = page.frameLocator("#widget-frame iframe");
  // An unknown caller: no match, but the engagement is still created (unassociated).
  await widget.locator("#simulator summary").click();
  await widget.locator("#incoming-from").fill("+15005550006");
  await widget.locator("#simulate-incoming").click();
  await widget.locator("#ringing-name", { hasText: "Unknown caller" }).waitFor();
  await widget.locator('#ringing-engagement[data-state="created"]').waitFor();
  await widget.locator("#decline").click();
  await widget.locator("#screen-ended").waitFor();
  await widget.locator("#finalize").check(); // FINALIZE_ENGAGEMENT after CALL_COMPLETED
  await widget.locator("#keep-open").check(); // hideWidget: false (this page's widget is not the first test's)
  await widget.locator("#save-call").click();
  await widget.locator("#screen-home").waitFor();

  const log = await page.evaluate(() => window.emulator.log.records);
  const created = log.filter((r) => r.type === "CREATE_ENGAGEMENT_SUCCEEDED").map((r) => r.envelope.data.engagementId);
  const completed = log.filter((r) => r.type === "CALL_COMPLETED").map((r) => r.envelope.data.engagementId);
  assert.equal(created.length, 2);
  assert.notEqual(created[0], created[1]);
  assert.deepEqual(completed, created, "each CALL_COMPLETED names its own call's engagement");
  const ended = log.filter((r) => r.type === "CALL_ENDED").at(-1).envelope.data;
  assert.equal(ended.callEndStatus, "REJECTED");
  await page.waitForFunction(() => window.emulator.log.records.some((r) => r.type === "FINALIZE_ENGAGEMENT_SUCCEEDED"));
  const finalized = (await page.evaluate(() => window.emulator.log.records)).find((r) => r.type === "FINALIZE_ENGAGEMENT_SUCCEEDED");
  assert.equal(finalized.envelope.data.engagementId, created[1]);
  const findings = log.flatMap((r) => r.violations.map((v) => `${r.type}: ${v.code}`));
  assert.deepEqual(findings, []);
});

test("host controls: END_CALL, ERROR alert, resize, visibility, record edits, log filters", async () => {
  const { page } = demo;
  const widget = page.frameLocator("#widget-frame iframe");

  // A call dialled on the keypad, ended by the host's END_CALL.
  for (const key of ["+", "1", "6", "1", "7"]) {
    if (key === "+") await widget.locator("#dial-number").fill("+");
    else await widget.locator(`#keypad [data-key="${key}"]`).click();
  }
  await widget.locator("#dial-number").pressSequentially("5550142");
  assert.equal(await widget.locator("#dial-number").inputValue(), "+16175550142");
  await widget.locator("#call").click();
  await widget.locator("#screen-dialing").waitFor();
  assert.match(await widget.locator("#dialing-context").textContent(), /keypad/);
  await page.locator("#end-call:not([disabled])").click();
  await widget.locator("#screen-ended").waitFor();
  await widget.locator("#ended-status", { hasText: "Call canceled" }).waitFor();
  await widget.locator("#keep-open").check();
  await widget.locator("#save-call").click();
  await widget.locator("#screen-home").waitFor();

  // ERROR from the widget is an alert on the host page.
  await widget.locator("#tools summary").click();
  await widget.locator("#send-error").click();
  await page.locator("#alerts .alert.error", { hasText: "simulated error" }).waitFor();

  // RESIZE_WIDGET resizes the iframe.
  await widget.locator("#tools summary").click();
  await widget.locator('[data-size="320x560"]').click();
  await page.waitForFunction(() => document.querySelector("#widget-frame iframe").getAttribute("width") === "320px");

  // Minimise from the host's title bar: VISIBILITY_CHANGED reaches the widget.
  await page.locator("#minimise").click();
  await widget.locator('#visibility-chip[data-state="minimised"]').waitFor({ state: "attached" });
  assert.equal(await page.locator("#widget-shell").getAttribute("data-visibility"), "minimised");
  await page.locator("#minimise").click();
  await widget.locator('#visibility-chip[data-state="visible"]').waitFor();

  // Records are editable; the Call button uses the new number.
  const { contacts } = await records(demo);
  const amelia = contacts.find((c) => c.firstName === "Amelia");
  await page.goto(`${demo.emulatorUrl}#/contacts/${amelia.id}`);
  await page.locator(".edit-form input[name=phone]").fill("+442079460999");
  await page.locator(".edit-form button[type=submit]").click();
  await page.locator(".phone-row", { hasText: "+442079460999" }).waitFor();
  const edited = (await records(demo)).contacts.find((c) => c.id === amelia.id);
  assert.equal(edited.phone, "+442079460999");
  await page.goto(`${demo.emulatorUrl}#/contacts`); // a route change: the list page mounts its own widget
  await page.locator("table.records tr", { hasText: "+442079460999" }).waitFor();

  // The log filters by type, direction and verdict.
  await page.locator("#filter-type").fill("visibility");
  await page.locator("#filter-direction").selectOption("outbound");
  const shown = await page.locator("#log-rows tr td.type").allTextContents();
  assert.ok(shown.length >= 2);
  assert.ok(shown.every((type) => type === "VISIBILITY_CHANGED"), shown.join());
  await page.locator("#filter-type").fill("");
  await page.locator("#filter-direction").selectOption("");
  await page.locator("#filter-verdict").fill("NOT_AVAILABLE");
  assert.equal(await page.locator("#log-rows tr").count(), 0, "no violations, so nothing matches");
  await page.locator("#filter-verdict").fill("ok");
  assert.ok((await page.locator("#log-rows tr").count()) > 10);
  assert.deepEqual(demo.consoleErrors, []);
});
