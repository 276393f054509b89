// Shared by the tests/hostile suites (not a test file): the e2e servers with this
// suite's pages in front of e2e's, a guard that every frame of a page carries
// (escaped exceptions, prototype pollution, a message count), the before/after
// hooks every file registers, a session driver that works on any frame holding
// the host page, and the tally of hostile attempts printed at the end of the suite.
import assert from "node:assert/strict";
import { appendFileSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before } from "node:test";
import { frameOf, launchBrowser, startServers } from "../e2e/support.mjs";

export { frameOf, parseWire } from "../e2e/support.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const e2eFixtures = join(here, "..", "e2e", "fixtures");

/** `count` origins serving tests/hostile/fixtures, then tests/e2e/fixtures. */
const startHostileServers = (count) => startServers(count, [join(here, "fixtures"), e2eFixtures]);

/**
 * Runs in every frame before the page's own scripts: records exceptions that
 * escape to the window (a throwing message listener lands here), rejections
 * nobody handled, every message event, and the built-in prototypes' own keys.
 */
function guardScript() {
  const keysOf = () =>
    [Object.prototype, Array.prototype, Function.prototype, String.prototype]
      .map((proto) => Reflect.ownKeys(proto).map(String).sort().join(","))
      .join("|");
  const guard = { errors: [], messages: 0, types: [], protoKeys: keysOf(), keysOf };
  Object.defineProperty(window, "__guard", { value: guard });
  window.addEventListener("error", (e) => guard.errors.push(`error: ${e.message}`));
  window.addEventListener("unhandledrejection", (e) => guard.errors.push(`unhandledrejection: ${String(e.reason)}`));
  window.addEventListener("message", (e) => {
    guard.messages++;
    guard.types.push(e.data && typeof e.data.type === "string" ? e.data.type : typeof e.data);
  });
}

/** Puts the guard into every frame of every page (popups included) the context opens. */
async function installGuard(context) {
  await context.addInitScript(guardScript);
}

/**
 * Watches one page (installGuard must have run on its context); `check()`
 * asserts that every http frame carries the guard and that none saw an escaped
 * exception or a polluted prototype.
 */
export function guardPage(page) {
  const pageErrors = [];
  page.on("pageerror", (error) => pageErrors.push(String(error)));
  return {
    pageErrors,
    async check() {
      for (const frame of page.frames()) {
        if (!frame.url().startsWith("http")) continue;
        const report = await frame.evaluate(() => {
          const g = window.__guard;
          if (!g) return null;
          const probe = {};
          return {
            errors: g.errors,
            protoChanged: g.keysOf() !== g.protoKeys,
            polluted: ["polluted", "isAdmin", "evil"].filter((k) => probe[k] !== undefined || [][k] !== undefined),
          };
        });
        const url = frame.url();
        assert.ok(report, `the guard runs in ${url}`);
        assert.deepEqual(report.errors, [], `no exception escaped in ${url}`);
        assert.equal(report.protoChanged, false, `built-in prototypes unchanged in ${url}`);
        assert.deepEqual(report.polluted, [], `no polluted keys in ${url}`);
      }
      assert.deepEqual(pageErrors, [], "no pageerror");
    },
  };
}

/**
 * Registers one test file's hooks: before(), `count` origins (handed to
 * `onOrigins`, e.g. to name them HOST, WIDGET) and one Chromium whose every
 * frame carries the guard; after(), both closed and the file's attempts
 * reported. `fileUrl` is the test file's import.meta.url.
 * Returns the suite; `withPage(fn)` runs fn(page, guard) on a fresh page of its
 * browser and closes the page afterwards (guard.check() is the test's to call).
 */
export function hostileSuite(fileUrl, count, onOrigins) {
  const suite = {
    browser: null,
    async withPage(fn) {
      const page = await suite.browser.context.newPage();
      const guard = guardPage(page);
      try {
        return await fn(page, guard);
      } finally {
        await page.close();
      }
    },
  };
  let servers = null;
  before(async () => {
    servers = await startHostileServers(count);
    onOrigins(servers.origins);
    suite.browser = await launchBrowser();
    await installGuard(suite.browser.context);
  }, { timeout: 90000 });
  after(async () => {
    if (suite.browser) await suite.browser.close();
    if (servers) await servers.close();
    reportAttempts(fileUrl);
  }, { timeout: 30000 });
  return suite;
}

/**
 * Drives a callcore host page (host-callcore.html, in `hostFrame`: a page or a
 * frame) and the e2e widget in it. Waits for the handshake and INITIALIZED.
 */
export async function session(page, hostFrame) {
  await hostFrame.waitForFunction(() => window.handled && window.handled.some(([name]) => name === "onInitialized"));
  const widget = await frameOf(page, "/fixtures/widget.html");
  const count = (frame, list, name) =>
    frame.evaluate(([l, n]) => window[l].filter(([h]) => h === n).length, [list, name]);
  const s = {
    page,
    host: hostFrame,
    widget,
    hostHandled: (name, n = 1) =>
      hostFrame.waitForFunction(([h, c]) => window.handled.filter(([x]) => x === h).length >= c, [name, n]),
    widgetReceived: (name, n = 1) =>
      widget.waitForFunction(([h, c]) => window.received.filter(([x]) => x === h).length >= c, [name, n]),
    hostCount: (name) => count(hostFrame, "handled", name),
    widgetCount: (name) => count(widget, "received", name),
    step: (method, ...args) => widget.evaluate(([m, a]) => window.step(m, a), [method, args]),
    send: (type, data) => hostFrame.evaluate(([t, d]) => window.send(t, d), [type, data]),
    hostState: () => hostFrame.evaluate(() => window.host.getState()),
    widgetState: () => widget.evaluate(() => window.ext.getState()),
    hostViolations: () => hostFrame.evaluate(() => window.violations),
    widgetViolations: () => widget.evaluate(() => window.violations),
  };
  return s;
}

/** DIAL_NUMBER, OUTGOING_CALL_STARTED, the engagement, CALL_ANSWERED: a call in progress. */
export async function startCall(s, id, engagementId) {
  const dials = await s.widgetCount("onDialNumber");
  const outgoing = await s.hostCount("onOutgoingCall");
  const created = await s.widgetCount("onCreateEngagementSucceeded");
  const answered = await s.hostCount("onCallAnswered");
  await s.send("DIAL_NUMBER", { phoneNumber: "+442073238299", portalId: 123456, ownerId: 777 });
  await s.widgetReceived("onDialNumber", dials + 1);
  await s.step("outgoingCall", { externalCallId: id, toNumber: "+442073238299", fromNumber: "+18884827768", createEngagement: true });
  await s.hostHandled("onOutgoingCall", outgoing + 1);
  await s.send("CREATE_ENGAGEMENT_SUCCEEDED", { engagementId });
  await s.widgetReceived("onCreateEngagementSucceeded", created + 1);
  await s.step("callAnswered", { externalCallId: id });
  await s.hostHandled("onCallAnswered", answered + 1);
}

/** CALL_ENDED, CALL_COMPLETED with notes, UPDATE_ENGAGEMENT_SUCCEEDED. */
export async function finishCall(s, id, engagementId) {
  const completed = await s.hostCount("onCallCompleted");
  const updated = await s.widgetCount("onUpdateEngagementSucceeded");
  await s.step("callEnded", { externalCallId: id, engagementId, callEndStatus: "COMPLETED" });
  await s.step("callCompleted", { externalCallId: id, engagementId, hideWidget: false, engagementProperties: { hs_call_body: "ok" } });
  await s.hostHandled("onCallCompleted", completed + 1);
  await s.send("UPDATE_ENGAGEMENT_SUCCEEDED", { engagementId });
  await s.widgetReceived("onUpdateEngagementSucceeded", updated + 1);
}

/** Both ends' calls as [externalCallId, state, engagementId]. */
export async function callsOf(s) {
  const shape = (state) => state.calls.map((c) => [c.externalCallId, c.state, c.engagementId]);
  return { widget: shape(await s.widgetState()), host: shape(await s.hostState()) };
}

// ---- the tally of hostile attempts ----
// Each test file runs in its own process under `node --test`; they share the
// runner as parent, so a file under tmpdir named after it collects their counts.

let attempts = 0;
/** Counts hostile inputs actually posted (or provoked); returns `n` for chaining. */
export function countAttempts(n) {
  attempts += n;
  return n;
}

/** Call from after(): adds this file's count; the last file of the suite prints the total. */
function reportAttempts(fileUrl) {
  const file = basename(fileURLToPath(fileUrl));
  const tally = join(tmpdir(), `callcore-hostile-${process.ppid}.tally`);
  appendFileSync(tally, `${file} ${attempts}\n`);
  console.log(`hostile attempts in ${file}: ${attempts}`);
  const suite = readdirSync(here).filter((f) => f.endsWith(".test.mjs"));
  const lines = readFileSync(tally, "utf8").trim().split("\n").map((l) => l.split(" "));
  const seen = new Set(lines.map(([f]) => f));
  if (suite.every((f) => seen.has(f))) {
    const total = lines.reduce((sum, [, n]) => sum + Number(n), 0);
    console.log(`hostile attempts in total: ${total} (${suite.length} files)`);
    rmSync(tally, { force: true });
  }
}
