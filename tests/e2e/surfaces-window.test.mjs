// The calling window (/calling-integration-popup-ui/{portalId}): an app with usesCallingWindow
// gets its calls there. Click-to-call opens it (one, by name) and DIAL_NUMBER reaches its widget,
// which SYNCs iframeLocation "window"; the call survives the main tab's navigation. The app's own
// popup (?usesCallingWindow=false) SYNCs false; another portal's id is a 404.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { records, repoRoot, startDemo } from "./helpers/demo-harness.mjs";
import { PORTAL_ID, logInWidget, openWithSurfaces, saveImage, syncsSent, waitForSynced } from "./helpers/surfaces.mjs";

let demo;
before(async () => {
  demo = await startDemo();
});
after(async () => {
  await demo?.close();
});

test("the route serves the page for this portal only, digits only, and echoes nothing", async () => {
  const page = await readFile(path.join(repoRoot, "demo/emulator/public/calling-window.html"), "utf8");
  const ok = await fetch(`${demo.emulatorUrl}calling-integration-popup-ui/${PORTAL_ID}?usesCallingWindow=%3Cscript%3Ealert(1)%3C/script%3E`);
  assert.equal(ok.status, 200);
  assert.match(ok.headers.get("content-type"), /^text\/html/);
  assert.equal(await ok.text(), page, "the static page, nothing of the request in it");
  for (const bad of ["999", "1234567", "0123456", "12345a", "%3Cscript%3E", "123456%20", "9".repeat(40), "-123456"]) {
    const response = await fetch(`${demo.emulatorUrl}calling-integration-popup-ui/${bad}`);
    assert.equal(response.status, 404, bad);
    const body = await response.json();
    assert.equal(body.category, "OBJECT_NOT_FOUND");
    assert.ok(!JSON.stringify(body).includes(decodeURIComponent(bad)) || bad === "999", `${bad} is not echoed`);
  }
  assert.equal((await fetch(`${demo.emulatorUrl}calling-integration-popup-ui/${PORTAL_ID}`, { method: "POST" })).status, 405);
});

test("click-to-call opens the calling window, whose widget SYNCs window and gets DIAL_NUMBER; the call outlives the tab's navigation", async () => {
  const { page } = demo;
  const { contacts } = await records(demo);
  const maria = contacts.find((c) => c.firstName === "Maria");
  await openWithSurfaces(demo, page, { usesCallingWindow: true }, `#/contacts/${maria.id}`);
  // An app without the remote: the record page's dock, plus the calling window for calls.
  assert.equal(await page.evaluate(() => window.emulator.host.surface), "widget");
  await waitForSynced(page, "widget");
  const [dockSync] = await syncsSent(page);
  assert.deepEqual([dockSync.iframeLocation, dockSync.usesCallingWindow], ["widget", true]);

  const [popup] = await Promise.all([page.waitForEvent("popup"), page.locator("#record-call").click()]);
  popup.on("pageerror", (error) => demo.consoleErrors.push(`pageerror (calling window): ${error.message}`));
  await popup.waitForURL(`${demo.emulatorOrigin}/calling-integration-popup-ui/${PORTAL_ID}`);
  await popup.waitForFunction(() => window.emulator && window.emulator.host && window.emulator.host.provider);
  await waitForSynced(popup, "window");
  const [sync] = await syncsSent(popup);
  assert.equal(sync.iframeLocation, "window");
  assert.equal(sync.usesCallingWindow, true);
  assert.equal(sync.hostUrl, demo.emulatorOrigin);
  const widget = popup.frameLocator("#window-frame iframe");
  await widget.locator("#link-chip[data-state=ready]").waitFor();
  assert.equal(await widget.locator("#link-chip").getAttribute("title"), `Connected to ${demo.emulatorOrigin} (window)`);

  // Logged out: the window's host refuses the dial, as the dock does. Log in and call again.
  await popup.locator("#window-alerts .alert", { hasText: "logged out" }).waitFor();
  await logInWidget(widget);
  await popup.waitForFunction(() => window.emulator.host.state().loggedIn);
  await popup.locator("#window-alerts .alert button").click();
  await page.waitForTimeout(2100); // the same number within 2 s would be the core's DUPLICATE_DIAL
  await page.bringToFront();
  const [again] = await Promise.all([
    page.waitForEvent("popup", { timeout: 1500 }).catch(() => null),
    page.locator("#record-call").click(),
  ]);
  assert.equal(again, null, "the open calling window is reused (window.open by name), not a second one");
  await widget.locator("#screen-dialing").waitFor();
  assert.equal(await widget.locator("#dialing-number").textContent(), maria.phone);
  const popupLog = await popup.evaluate(() => window.emulator.log.records);
  const dial = popupLog.find((r) => r.type === "DIAL_NUMBER");
  assert.equal(dial.surface, "window");
  assert.equal(dial.envelope.data.objectId, maria.id);
  const mainLog = await page.evaluate(() => window.emulator.log.records);
  assert.equal(mainLog.filter((r) => r.type === "DIAL_NUMBER").length, 0, "the dock got no DIAL_NUMBER");
  await widget.locator('#dialing-engagement[data-state="created"]').waitFor();
  await popup.bringToFront();
  await widget.locator("#callee-answers").click();
  await widget.locator("#screen-incall").waitFor();

  // The main tab shows the call (presence) and navigates freely: no warning, the call goes on.
  await page.locator('#presence [data-name="presence-call"]', { hasText: "on a call" }).waitFor();
  let dialogs = 0;
  page.on("dialog", (dialog) => {
    dialogs++;
    dialog.dismiss();
  });
  const callFrame = popup.frames().find((f) => f.url().startsWith(demo.widgetOrigin));
  await callFrame.evaluate(() => (window.__marker = "same call"));
  for (const hash of ["#/contacts", "#/companies/1", "#/helpdesk", `#/contacts/${maria.id}`]) {
    await page.evaluate((hash) => (location.hash = hash), hash);
    await page.waitForFunction((hash) => location.hash === hash, hash);
  }
  await page.locator(".record-name", { hasText: "Maria" }).waitFor();
  assert.equal(dialogs, 0);
  assert.equal(await callFrame.evaluate(() => window.__marker), "same call");
  await widget.locator("#screen-incall").waitFor();
  const state = await popup.evaluate(() => window.emulator.host.state());
  assert.equal(state.calls.find((c) => c.externalCallId === state.currentCall).state, "inProgress");
  await widget.locator("#timer", { hasText: "00:01" }).waitFor();
  await popup.setViewportSize({ width: 760, height: 820 });
  await saveImage(popup, "surfaces-calling-window.png");

  // Hang up and save in the window: the engagement lands on Maria's timeline in the tab. (A person
  // clicks in the window in front: a click sent to one in the background may never reach its frame.)
  await popup.bringToFront();
  await widget.locator("#hangup").click();
  await widget.locator("#screen-ended").waitFor();
  await widget.locator("#notes").fill("Called from the calling window.");
  await widget.locator("#disposition").selectOption({ label: "Connected" });
  await widget.locator("#save-call").click();
  await page.locator(".timeline .engagement", { hasText: "Called from the calling window." }).waitFor();
  const findings = (await popup.evaluate(() => window.emulator.log.records)).flatMap((r) => r.violations.map((v) => `${r.type}: ${v.code}`));
  assert.deepEqual(findings, []);
  await popup.close();
  assert.deepEqual(demo.consoleErrors, []);
});

test("the app's own popup (?usesCallingWindow=false) SYNCs usesCallingWindow false", async () => {
  const page = await demo.context.newPage();
  await page.goto(`${demo.emulatorUrl}calling-integration-popup-ui/${PORTAL_ID}?usesCallingWindow=false`);
  await page.waitForFunction(() => window.emulator && window.emulator.host && window.emulator.host.provider);
  await waitForSynced(page, "window");
  const [sync] = await syncsSent(page);
  assert.deepEqual([sync.iframeLocation, sync.usesCallingWindow, sync.hostUrl], ["window", false, demo.emulatorOrigin]);

  // Check mode on the calling window page: the runner mounts the widget under test there.
  await page.goto(`${demo.emulatorUrl}calling-integration-popup-ui/${PORTAL_ID}?callcore-check=1`);
  await page.waitForFunction(() => window.callcoreCheck && window.callcoreCheck.ready);
  assert.equal(await page.evaluate(() => window.callcoreCheck.surface), "window");
  await page.evaluate((url) => window.callcoreCheck.mount(url, { usesCallingWindow: true }), demo.widgetUrl);
  await page.frameLocator("#window-frame iframe").locator("#link-chip[data-state=ready]").waitFor();
  const [checkSync] = await syncsSent(page);
  assert.deepEqual([checkSync.iframeLocation, checkSync.usesCallingWindow], ["window", true]);
  await page.close();
});
