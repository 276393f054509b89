// An app with inbound calling (supportsInboundCalling, usesRemote): its widget is a `remote` frame
// in the nav bar of every tab, each tab its own host session. The frames SYNC iframeLocation
// "remote", survive route changes, and every tab's nav bar shows the other tabs' sessions.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startDemo } from "./helpers/demo-harness.mjs";
import { logInWidget, openWithSurfaces, saveImage, syncsSent, waitForSynced } from "./helpers/surfaces.mjs";

let demo;
before(async () => {
  demo = await startDemo();
});
after(async () => {
  await demo?.close();
});

test("two tabs each get a remote frame that SYNCs iframeLocation remote and outlives route changes", async () => {
  const first = demo.page;
  await openWithSurfaces(demo, first, { supportsInboundCalling: true, usesRemote: true, usesCallingWindow: false });
  const second = await demo.context.newPage();
  second.on("pageerror", (error) => demo.consoleErrors.push(`pageerror (second tab): ${error.message}`));
  await second.goto(`${demo.emulatorUrl}#/companies`);

  for (const page of [first, second]) {
    await page.waitForFunction(() => window.emulator && window.emulator.host === window.emulator.remote && window.emulator.host.provider);
    await waitForSynced(page, "remote");
    // No dock on this surface: the nav bar holds the widget, the dock says where it went.
    assert.equal(await page.locator("#dock").getAttribute("data-surface"), "remote");
    assert.equal(await page.locator("#widget-frame iframe").count(), 0);
    await page.locator("#dock-note", { hasText: "navigation bar" }).waitFor();
    const [sync] = await syncsSent(page);
    assert.equal(sync.surface, "remote");
    assert.equal(sync.iframeLocation, "remote");
    assert.equal(sync.usesCallingWindow, false);
    assert.equal(sync.hostUrl, demo.emulatorOrigin);
    assert.equal(sync.portalId, 123456);
    // The widget's onReady saw the same (the demo softphone puts it in its link chip's title).
    await page.locator("#remote-toggle").click();
    const widget = page.frameLocator("#remote-frame iframe");
    await widget.locator("#link-chip[data-state=ready]").waitFor();
    assert.equal(await widget.locator("#link-chip").getAttribute("title"), `Connected to ${demo.emulatorOrigin} (remote)`);
  }

  // Each tab's frame is a session of its own, but the demo softphone's instances share their
  // login through the core (option instances): logging in in one tab tells the other tab's host
  // too, through that tab's own frame.
  const firstWidget = first.frameLocator("#remote-frame iframe");
  await first.bringToFront(); // the second tab is in front: a click in the first may never reach its frame
  await logInWidget(firstWidget);
  await first.locator('#remote-status [data-name="loggedin"]', { hasText: "logged in" }).waitFor();
  await second.waitForFunction(() => window.emulator.remote.state().loggedIn === true);
  const secondFrameSent = await second.evaluate(() => window.emulator.log.records.filter((r) => r.direction === "inbound").map((r) => r.type));
  assert.ok(secondFrameSent.includes("LOGGED_IN"), `the second tab's own frame sent LOGGED_IN: ${secondFrameSent}`);

  // Presence over the emulator's BroadcastChannel: each tab's nav bar shows both sessions.
  for (const page of [first, second]) {
    await page.locator('#presence .presence-chip[data-surface="remote"][data-own="true"][data-logged-in="true"]').waitFor();
    await page.locator('#presence .presence-chip[data-surface="remote"][data-own="false"][data-logged-in="true"]').waitFor();
  }

  // Route changes keep the remote frame: the same document, the same session.
  await first.locator("#remote-toggle").click(); // closed
  await first.locator("#remote-toggle").click(); // open again
  await firstWidget.locator("#screen-home").waitFor();
  await first.frames().find((f) => f.url().startsWith(demo.widgetOrigin)).evaluate(() => (window.__marker = "still here"));
  const syncsBefore = (await syncsSent(first)).length;
  for (const hash of ["#/contacts/1", "#/companies", "#/helpdesk", "#/contacts"]) {
    await first.evaluate((hash) => (location.hash = hash), hash);
    await first.waitForFunction((hash) => location.hash === hash, hash);
  }
  await first.locator("table.records").waitFor();
  const frame = first.frames().find((f) => f.url().startsWith(demo.widgetOrigin));
  assert.equal(await frame.evaluate(() => window.__marker), "still here", "the remote frame was not reloaded");
  assert.equal((await syncsSent(first)).length, syncsBefore, "no new SYNC: the session went on");

  // An inbound ring opens the frame (and would offer the calling window if the app used it).
  await first.locator("#remote-toggle").click(); // closed
  assert.equal(await first.locator("#remote-panel").isHidden(), true);
  await frame.evaluate(() => {
    document.querySelector("#simulator").open = true;
    document.querySelector("#incoming-from").value = "+16175550142";
    document.querySelector("#simulate-incoming").click();
  });
  await first.locator("#remote-panel").waitFor();
  await first.locator('#remote-toggle[data-call="ringing"]').waitFor();
  await firstWidget.locator("#ringing-name", { hasText: "Brian Halligan" }).waitFor();
  assert.equal(await first.locator("#ring-banner").isHidden(), true, "no calling window: no banner");
  await second.locator('#presence [data-name="presence-call"]', { hasText: "ringing" }).waitFor();
  await first.locator('#presence [data-name="presence-call"]', { hasText: "ringing · Brian Halligan" }).waitFor();

  // The same ring in the second tab's frame: the softphone's instances share calls through the
  // core (option instances), and the second tab's host mirrors it (the emulator's tabs share theirs).
  assert.equal(await second.locator("#remote-panel").isVisible(), true, "the second tab's frame is open too");
  const secondWidget = second.frameLocator("#remote-frame iframe");
  await secondWidget.locator("#screen-ringing").waitFor();
  assert.equal(await secondWidget.locator("#ringing-number").textContent(), "+16175550142");
  await second.locator('#remote-toggle[data-call="ringing"]').waitFor();
  // Two tabs ringing, side by side, for the README.
  await composeSideBySide(demo, [first, second], "surfaces-remote-two-tabs.png");

  // A person clicks in the tab in front: a click sent to a background tab may never reach the frame.
  await first.bringToFront();
  await firstWidget.locator("#decline").click();
  await firstWidget.locator("#screen-ended").waitFor();
  await firstWidget.locator("#save-call").click();
  await first.locator('#remote-toggle[data-call=""]').waitFor({ state: "attached" });
  // Saved in one tab, over in both.
  await secondWidget.locator("#screen-home").waitFor();
  const secondHostCalls = await second.evaluate(() => window.emulator.remote.state().calls);
  assert.deepEqual(secondHostCalls.map((c) => c.state), ["completed"], "the second tab's host saw the call end and be completed");
  const firstSent = (await first.evaluate(() => window.emulator.log.records)).filter((r) => r.direction === "inbound").map((r) => r.type);
  const secondSent = (await second.evaluate(() => window.emulator.log.records)).filter((r) => r.direction === "inbound").map((r) => r.type);
  assert.equal(firstSent.filter((t) => t === "INCOMING_CALL").length + secondSent.filter((t) => t === "INCOMING_CALL").length, 1, "one INCOMING_CALL in all");
  assert.equal(firstSent.filter((t) => t === "CALL_COMPLETED").length + secondSent.filter((t) => t === "CALL_COMPLETED").length, 1, "one CALL_COMPLETED in all");
  await second.close();
  assert.deepEqual(demo.consoleErrors, []);
});

test("check mode mounts the widget under test on the surface ?surface= names", async () => {
  const page = await demo.context.newPage();
  await page.goto(`${demo.emulatorUrl}?callcore-check=1&surface=remote`);
  await page.waitForFunction(() => window.callcoreCheck && window.callcoreCheck.ready);
  assert.equal(await page.evaluate(() => window.callcoreCheck.surface), "remote");
  assert.equal(await page.evaluate(() => window.callcoreCheck.callingWindowUrl({ usesCallingWindow: false })), "/calling-integration-popup-ui/123456?callcore-check=1&usesCallingWindow=false");
  await page.evaluate((url) => window.callcoreCheck.mount(url, { usesCallingWindow: true }), demo.widgetUrl);
  await page.frameLocator("#remote-frame iframe").locator("#link-chip[data-state=ready]").waitFor();
  const [sync] = await syncsSent(page);
  assert.deepEqual([sync.iframeLocation, sync.usesCallingWindow], ["remote", true]);
  const trace = await page.evaluate(() => window.callcoreCheck.take());
  assert.ok(trace.length > 0, "the check hook records the remote session's inputs");

  // The default stays the dock, as `callcore check` has always used it.
  await page.goto(`${demo.emulatorUrl}?callcore-check=1`);
  await page.waitForFunction(() => window.callcoreCheck && window.callcoreCheck.ready);
  assert.equal(await page.evaluate(() => window.callcoreCheck.surface), "widget");
  await page.evaluate((url) => window.callcoreCheck.mount(url), demo.widgetUrl);
  await page.frameLocator("#widget-frame iframe").locator("#link-chip[data-state=ready]").waitFor();
  const [dockSync] = await syncsSent(page);
  assert.deepEqual([dockSync.iframeLocation, dockSync.usesCallingWindow], ["widget", false]);
  await page.close();
});

/** Both pages' screenshots in one image (a third page lays them out), for docs/images/. */
async function composeSideBySide(demo, pages, name) {
  if (process.env.CALLCORE_SCREENSHOTS !== "1") return;
  const shots = [];
  for (const page of pages) shots.push((await page.screenshot({ type: "png" })).toString("base64"));
  const sheet = await demo.context.newPage();
  await sheet.setViewportSize({ width: 1440, height: 520 });
  await sheet.setContent(
    `<body style="margin:0;display:flex;gap:8px;background:#213343;padding:8px">${shots
      .map((b64, i) => `<figure style="margin:0;flex:1"><img style="width:100%;display:block" src="data:image/png;base64,${b64}"><figcaption style="color:#fff;font:13px system-ui;padding:4px">tab ${i + 1}</figcaption></figure>`)
      .join("")}</body>`,
  );
  await saveImage(sheet, name);
  await sheet.close();
}
