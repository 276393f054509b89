// The `widget` surface belongs to its page: leaving a page whose widget holds a call asks first
// (confirm, and beforeunload for reloads); staying keeps the call, leaving destroys the iframe
// (the core reports the call left open) and the next page mounts a fresh one.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { records, startDemo } from "./helpers/demo-harness.mjs";
import { logInWidget, openWithSurfaces, waitForSynced } from "./helpers/surfaces.mjs";

let demo;
before(async () => {
  demo = await startDemo();
});
after(async () => {
  await demo?.close();
});

const widgetDocument = (demo, page) => page.frames().find((f) => f.url().startsWith(demo.widgetOrigin));

test("leaving a record page with a call warns; dismissed it stays, accepted the widget goes with the page", async () => {
  const { page } = demo;
  const { contacts } = await records(demo);
  const maria = contacts.find((c) => c.firstName === "Maria");
  await openWithSurfaces(demo, page, null, `#/contacts/${maria.id}`); // the seeded settings: the widget surface
  assert.equal(await page.evaluate(() => window.emulator.host.surface), "widget");
  const widget = page.frameLocator("#widget-frame iframe");
  await widget.locator("#link-chip[data-state=ready]").waitFor();
  assert.equal(await widget.locator("#link-chip").getAttribute("title"), `Connected to ${demo.emulatorOrigin} (widget)`);

  // No call: a route change needs no confirmation, and the next page has a fresh widget.
  await widgetDocument(demo, page).evaluate(() => (window.__marker = "first"));
  await page.evaluate(() => (location.hash = "#/contacts"));
  await page.locator("table.records").waitFor();
  await widget.locator("#link-chip[data-state=ready]").waitFor();
  assert.equal(await widgetDocument(demo, page).evaluate(() => window.__marker ?? null), null, "a fresh widget on the list page");
  await page.evaluate((id) => (location.hash = `#/contacts/${id}`), maria.id);
  await page.locator(".record-name", { hasText: "Maria" }).waitFor();
  await widget.locator("#link-chip[data-state=ready]").waitFor();
  await logInWidget(widget);
  await page.locator('#widget-status [data-name="loggedin"]', { hasText: "logged in" }).waitFor();

  await page.locator("#record-call").click();
  await widget.locator("#screen-dialing").waitFor();
  await widget.locator("#callee-answers").click();
  await widget.locator("#screen-incall").waitFor();
  await widgetDocument(demo, page).evaluate(() => (window.__marker = "in call"));

  // A reload or closing the tab: beforeunload asks (the browser words it).
  const prevented = await page.evaluate(() => {
    const event = new Event("beforeunload", { cancelable: true });
    window.dispatchEvent(event);
    return event.defaultPrevented;
  });
  assert.equal(prevented, true, "beforeunload is cancelled while a call is in progress");

  // Dismissed: the page, the widget and the call stay.
  const dismissed = new Promise((resolve) => page.once("dialog", async (dialog) => {
    resolve({ type: dialog.type(), message: dialog.message() });
    await dialog.dismiss();
  }));
  await page.locator("a.back").click();
  const asked = await dismissed;
  assert.deepEqual(asked, { type: "confirm", message: "You have a call in progress. Leaving this page will end it." });
  await page.waitForFunction((id) => location.hash === `#/contacts/${id}`, maria.id);
  assert.equal(await page.locator(".record-name", { hasText: "Maria" }).count(), 1);
  assert.equal(await widgetDocument(demo, page).evaluate(() => window.__marker), "in call");
  await widget.locator("#screen-incall").waitFor();

  // Accepted: the widget's page unloads with the page, beforeunload first, while the host still
  // listens: the demo softphone ends and completes its call then, so nothing is left open.
  page.once("dialog", (dialog) => dialog.accept());
  await page.locator("a.back").click();
  await page.locator("table.records").waitFor();
  await page.waitForFunction(() => window.emulator.log.records.some((r) => r.direction === "inbound" && r.type === "CALL_COMPLETED"));
  const closing = (await page.evaluate(() => window.emulator.log.records)).filter((r) => r.direction !== "outbound");
  assert.ok(closing.some((r) => r.type === "CALL_ENDED"), "CALL_ENDED before the widget went");
  assert.ok(!closing.some((r) => r.violations.some((v) => v.code === "CALL_LEFT_OPEN")), `no call left open: ${JSON.stringify(closing.map((r) => [r.type, r.surface, r.violations.map((v) => v.code + " " + v.message)]))}`);
  await widget.locator("#link-chip[data-state=ready]").waitFor();
  assert.equal(await widgetDocument(demo, page).evaluate(() => window.__marker ?? null), null, "a fresh widget");
  assert.equal(await page.evaluate(() => window.emulator.host.state().currentCall), null, "the new session has no call");

  // The next record page mounts another fresh one, with no question asked.
  let dialogs = 0;
  page.on("dialog", (dialog) => {
    dialogs++;
    dialog.dismiss();
  });
  await page.evaluate((id) => (location.hash = `#/contacts/${id}`), maria.id);
  await page.locator(".record-name", { hasText: "Maria" }).waitFor();
  await waitForSynced(page, "widget");
  await widget.locator("#link-chip[data-state=ready]").waitFor();
  assert.equal(dialogs, 0);
  assert.deepEqual(demo.consoleErrors, []);
});
