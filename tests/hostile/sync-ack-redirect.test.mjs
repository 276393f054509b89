// A widget that names another origin in SYNC_ACK.iFrameUrl, then navigates
// there, must not take the host's conversation with it: the host keeps
// talking to the origin it loaded (its allowedWidgetOrigins hold every origin
// it talks to), reports IFRAME_URL_MISMATCH, and the page at the other origin
// hears nothing - no SYNC with the portal's context, no DIAL_NUMBER.
import assert from "node:assert/strict";
import { test } from "node:test";
import { countAttempts, hostileSuite } from "./support.mjs";

let HOST;
let WIDGET;
let OTHER;
const suite = hostileSuite(import.meta.url, 3, (origins) => {
  [HOST, WIDGET, OTHER] = origins;
});

test("SYNC_ACK naming another origin moves nothing: the other page never hears SYNC or DIAL_NUMBER", { timeout: 60000 }, async () => {
  await suite.withPage(async (page, guard) => {
    const next = `${OTHER}/fixtures/widget.html?impl=callcore&hosts=${encodeURIComponent(HOST)}`;
    const widget = `${WIDGET}/fixtures/redirecting-widget.html?to=${encodeURIComponent(`${OTHER}/`)}&next=${encodeURIComponent(next)}`;
    await page.goto(`${HOST}/fixtures/host-callcore.html?widgets=${encodeURIComponent(WIDGET)}&widget=${encodeURIComponent(widget)}`);
    countAttempts(1);
    await page.waitForFunction(() => window.violations.some((v) => v.code === "IFRAME_URL_MISMATCH"));
    const mismatch = await page.evaluate(() => window.violations.find((v) => v.code === "IFRAME_URL_MISMATCH"));
    assert.equal(mismatch.field, "iFrameUrl");
    assert.match(mismatch.message, new RegExp(`messages keep going to ${WIDGET.replace(/[.:/]/g, "\\$&")}`));
    assert.equal(await page.evaluate(() => window.host.getState().destination), WIDGET);

    // The widget page moves to OTHER; the host's next SYNCs and a click-to-call stay addressed to WIDGET.
    const moved = page.frames().find((f) => f.url().startsWith(OTHER));
    await page.waitForFunction((other) => [...document.querySelectorAll("iframe")].some((f) => {
      try { return f.contentWindow.location.href.startsWith(other); } catch { return true; }
    }), OTHER);
    await page.waitForTimeout(800); // several SYNC attempts after the reload
    await page.evaluate(() => window.send("DIAL_NUMBER", { phoneNumber: "+442073238299" }));
    await page.waitForTimeout(300);
    const frame = moved || page.frames().find((f) => f.url().startsWith(OTHER));
    assert.ok(frame, "the widget iframe is at the other origin now");
    const heard = await frame.evaluate(() => window.__guard.types);
    assert.deepEqual(heard.filter((t) => t === "SYNC" || t === "DIAL_NUMBER"), [], `the other origin heard: ${heard}`);
    assert.equal(await page.evaluate(() => window.hostReady), 1, "one handshake: with the page that was loaded");
    await guard.check();
  });
});
