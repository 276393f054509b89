// `callcore check`: the emulator's host page, headless in Debian's Chromium, embeds the widget
// under test and plays the scenarios. The page records what its core session is fed; this file
// turns that into the trace, waits on the core's view of the conversation, and hands the trace
// to the judge (the same one `callcore replay` uses).
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { startEmulator } from "../../demo/emulator/server/index.mjs";
import { launchChromium } from "./chromium.mjs";
import { loadCore } from "./core.mjs";
import { Judge, PREDICATES, judgeTrace } from "./judge.mjs";
import { SCENARIOS } from "./scenarios.mjs";
import { TRACE_FORMAT, fromPage } from "./trace.mjs";

const POLL_MS = 25;
const HOOK_WAIT_MS = 3000; // how long a data-callcore-* element may take to appear
const SETTLE_MS = 1000; // how long silence is watched for ("the widget does not answer")

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A scenario step that could not be taken (a hook the widget lacks): the reason is reported. */
class NotDriven extends Error {}
/** A bounded wait ran out: the checkpoint is recorded, the scenario stops there. */
class Missed extends Error {}

class ScenarioContext {
  constructor({ page, judge, widgetUrl, timeoutMs, events }) {
    this.page = page;
    this.judge = judge;
    this.widgetUrl = widgetUrl;
    this.timeoutMs = timeoutMs;
    this.events = events;
    this.backlog = []; // recorded in the page, not yet fed to the judge
  }

  record(event) {
    this.events.push(event);
    return this.judge.feed(event);
  }

  state() {
    return this.judge.state();
  }

  /** Feeds what the page recorded; stops right after the event that makes `until` true. */
  async pull(until = null) {
    if (!this.backlog.length) {
      const fresh = await this.page.evaluate(() => window.callcoreCheck.take());
      this.backlog.push(...fresh.map(fromPage));
    }
    while (this.backlog.length) {
      this.record(this.backlog.shift());
      if (until && until()) return true;
    }
    return until ? until() : false;
  }

  checkpoint(label, predicate, params, timeoutMs, why) {
    const event = { t: this.judge.lastT ?? Date.now(), checkpoint: label, predicate, params, timeoutMs };
    if (why) event.why = why;
    return this.record(event);
  }

  /**
   * Waits (bounded) until the core's state meets the predicate; a miss ends the scenario.
   * `why` says what a miss means, for the report.
   */
  async expect(label, predicate, params = {}, timeoutMs = this.timeoutMs, { why } = {}) {
    const test = () => PREDICATES[predicate](this.judge, params);
    const deadline = Date.now() + timeoutMs;
    let met = test();
    while (!met) {
      met = await this.pull(test);
      if (met || Date.now() > deadline) break;
      await sleep(POLL_MS);
    }
    if (!met) {
      await this.pull();
      this.judge.lastT = Date.now();
    }
    const result = this.checkpoint(label, predicate, params, timeoutMs, why);
    if (!result.met) throw new Missed(label);
  }

  /** Watches for a while, then checks once: for things that must NOT happen. */
  async settle(label, predicate, params = {}, { why, ms = SETTLE_MS } = {}) {
    await sleep(ms);
    await this.pull();
    this.judge.lastT = Date.now();
    const result = this.checkpoint(label, predicate, params, ms, why);
    if (!result.met) throw new Missed(label);
  }

  mark(name) {
    this.record({ t: Date.now(), mark: name });
  }

  async mount() {
    await this.page.evaluate((url) => window.callcoreCheck.mount(url), this.widgetUrl);
  }

  /** What a HubSpot user does on the host page (see demo/emulator/public/check-hook.mjs). */
  async host(name, ...args) {
    await this.pull();
    const result = await this.page.evaluate(([n, a]) => window.callcoreCheck[n](...a), [name, args]);
    if (result === false) throw new NotDriven(`the emulator refused to ${name} (see its alerts)`);
  }

  async widgetFrame() {
    const element = await this.page.$("#widget-frame iframe");
    const frame = element && (await element.contentFrame());
    if (!frame) throw new NotDriven("the widget iframe is gone");
    return frame;
  }

  /** Runs `fn(selector, value)` on the widget's element named by `attribute=name`, waiting for it. */
  async onWidgetElement(attribute, name, fn, value) {
    const selector = `[${attribute}="${name}"]`;
    const deadline = Date.now() + HOOK_WAIT_MS;
    for (;;) {
      let outcome = "missing";
      try {
        outcome = await (await this.widgetFrame()).evaluate(fn, [selector, value]);
      } catch (error) {
        if (error instanceof NotDriven) throw error;
        outcome = "navigating"; // the document was replaced under us: try again
      }
      if (outcome === "done") return;
      if (Date.now() > deadline) {
        throw new NotDriven(`the widget has no ${selector} element to ${attribute.endsWith("field") ? "fill" : "click"}`);
      }
      await sleep(100);
    }
  }

  async click(action) {
    await this.pull();
    await this.onWidgetElement("data-callcore-action", action, ([selector]) => {
      const all = [...document.querySelectorAll(selector)];
      if (!all.length) return "missing";
      // Several screens may share a name: the one a person can see wins.
      const target = all.find((el) => el.getClientRects().length > 0 && !el.disabled) || all[0];
      target.click();
      return "done";
    });
  }

  async fill(field, value) {
    await this.onWidgetElement("data-callcore-field", field, ([selector, text]) => {
      const input = document.querySelector(selector);
      if (!input) return "missing";
      input.value = text;
      input.dispatchEvent(new Event("input", { bubbles: true }));
      input.dispatchEvent(new Event("change", { bubbles: true }));
      return "done";
    }, value);
  }

  async reloadWidget() {
    await this.pull();
    const frame = await this.widgetFrame();
    await frame.evaluate(() => setTimeout(() => location.reload(), 0));
  }
}

/** One scenario on a fresh emulator page: its events, ready for the trace. */
async function runScenario(context, hostUrl, widgetUrl, scenario, timeoutMs, core) {
  const events = [];
  const page = await context.newPage();
  const judge = new Judge(core);
  const ctx = new ScenarioContext({ page, judge, widgetUrl, timeoutMs, events });
  try {
    await page.goto(hostUrl);
    await page.waitForFunction(() => window.callcoreCheck && window.callcoreCheck.ready, null, { timeout: 15000 });
    await scenario.run(ctx);
  } catch (error) {
    if (!(error instanceof Missed)) {
      const reason = error instanceof NotDriven ? error.message : `the runner failed: ${error.message.split("\n")[0]}`;
      ctx.record({ t: Date.now(), notDriven: reason });
    }
  } finally {
    await ctx.pull().catch(() => {});
    judge.free();
    await page.close().catch(() => {});
  }
  return { name: scenario.name, title: scenario.title, events };
}

/**
 * Runs the selected scenarios against `widgetUrl`. Resolves to {trace, results}.
 * options: scenarios (names), timeoutMs (per wait), hostPort (0: any free port), chromium (path)
 */
export async function runCheck(widgetUrl, { scenarios = SCENARIOS.map((s) => s.name), timeoutMs = 10000, hostPort = 0, chromium } = {}) {
  const tmp = await mkdtemp(path.join(os.tmpdir(), "callcore-check-"));
  let emulator = null;
  let browser = null;
  try {
    emulator = await startEmulator({ port: hostPort, dataDir: path.join(tmp, "data"), widgetOrigin: new URL(widgetUrl).origin });
    browser = await launchChromium({ profile: path.join(tmp, "profile"), executablePath: chromium });
    const hostUrl = `${emulator.url}?callcore-check=1`;
    const core = await loadCore();
    const trace = {
      format: TRACE_FORMAT,
      widgetUrl,
      hostOrigin: new URL(emulator.url).origin,
      startedAt: new Date().toISOString(),
      scenarios: [],
    };
    for (const name of scenarios) {
      const scenario = SCENARIOS.find((s) => s.name === name);
      trace.scenarios.push(await runScenario(browser.context, hostUrl, widgetUrl, scenario, timeoutMs, core));
    }
    return { trace, results: await judgeTrace(trace) };
  } finally {
    if (browser) await browser.close();
    if (emulator) await emulator.close().catch(() => {});
    await rm(tmp, { recursive: true, force: true }).catch(() => {});
  }
}
